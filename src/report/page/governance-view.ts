import { maskSensitive } from '../../governance/detect/mask.js';
import type { Db } from '../../store/open-database.js';
import * as q from '../../store/report-aggregates.js';
import type { ReportData } from './report-data.js';

/** The Governance view: violations by rule and severity over the period's buckets, and the latest findings. */
export function governanceView(db: Db, rows: readonly q.FindingBucketRow[], buckets: readonly string[], maskPii: boolean): ReportData['governance'] {
  // Findings are stored masked; their text is masked again here as the conversation viewer does, so no view of the
  // page depends on how a rule phrased its rationale.
  const mask = (s: string | null) => (s === null || !maskPii ? s : maskSensitive(s));
  const rules = new Map<string, ReportData['governance']['rules'][number]>();
  const bySeverity: Record<string, number[]> = {};
  for (const r of rows) {
    if (r.rule_check === 'injection') continue;
    const key = `${r.rule}\u0000${r.severity}`;
    const g = rules.get(key) ?? { rule: r.rule, check: r.rule_check, severity: r.severity, policy: r.policy, findings: 0, conversations: 0, previous_conversations: 0 };
    if (r.period === 'cur') {
      g.findings += r.findings;
      g.conversations += r.conversations;
    } else g.previous_conversations += r.conversations;
    rules.set(key, g);
    const s = (bySeverity[r.severity] ??= buckets.map(() => 0));
    const i = buckets.indexOf(r.bucket);
    if (i >= 0) s[i]! += r.findings;
  }
  const order = ['critical', 'high', 'medium', 'low'];
  return {
    rules: [...rules.values()].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || b.conversations - a.conversations || a.rule.localeCompare(b.rule)),
    by_severity: { buckets: [...buckets], series: bySeverity },
    findings: q.recentFindings(db, 200).map((f) => ({
      id: f.tid,
      rule: f.rule,
      check: f.rule_check,
      severity: f.severity,
      message_index: f.message_index,
      matched_text: mask(f.matched_text),
      policy: f.policy,
      rationale: mask(f.rationale),
    })),
    violations_total: [...rules.values()].reduce((s, r) => s + r.findings, 0),
  };
}
