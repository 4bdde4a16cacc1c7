import type { AuditEvaluation, AuditHistory } from './audit-history.js';
import { terminalSafeLine } from './terminal-safe.js';

/** sha256 values shortened to 12 characters; anything else (e.g. `offline:v1:eaaa…`) shown whole. */
const short = (hash: string | null) => (hash === null ? '-' : /^[0-9a-f]{64}$/.test(hash) ? hash.slice(0, 12) : hash);

function formatValue(v: number | string | null, na: boolean, error: { code: string } | null, naCode?: string): string {
  if (error) return `ERROR ${error.code}`;
  if (na) return naCode ? `N/A ${naCode}` : 'N/A';
  return v === null ? '-' : String(v);
}

function formatEvaluation(e: AuditEvaluation, n: number): string[] {
  const j = e.judge;
  const model = j.model ? ` · model ${j.provider}:${j.model} · prompt ${short(j.prompt_template_hash)}` : '';
  const lines = [
    `#${n} evaluation ${e.evaluation_id} · ${e.created_at} · rubric ${e.rubric.id}@${e.rubric.version} (${short(e.rubric.hash)}) · judge ${j.name} (fingerprint ${short(j.fingerprint)})${model}`,
    `   content ${short(e.content_hash)} · status ${e.status} · QA ${e.qa_score ?? '-'}${e.auto_fail ? ' (auto-fail)' : ''} · evaluated in ${e.evaluated_in_run}${e.runs.length > 1 ? ` · reused by ${e.runs.filter((r) => r !== e.evaluated_in_run).join(', ')}` : ''}`,
  ];
  for (const f of j.fits ?? []) {
    lines.push(`   fit ${f.key} (#${f.id} here) ${f.criterion}: ${f.kind} on ${f.labels} labels from ${f.source} (${f.created_at}) — ${f.model}`);
  }
  for (const u of j.unresolved_fits ?? []) lines.push(`   ${u}: not shown (not in this database, or an old row-id name that merge gave to another fit)`);
  for (const c of e.criteria) {
    lines.push(`   - ${c.criterion} [${c.kind}] = ${formatValue(c.value, c.na, c.error, c.na_code)}${c.rationale ? ` — ${c.rationale}` : ''}`);
    for (const ev of c.evidence.slice(0, 3)) lines.push(`       #${ev.message} "${ev.quote}"${ev.verified === false ? ' [unverified]' : ''}`);
  }
  for (const f of e.findings) {
    lines.push(`   ! finding ${f.finding_id} ${f.severity} ${f.criterion_id ?? f.rule_check} (${f.rule_check}) message ${f.message_index ?? '-'}: ${f.matched_text ?? f.rationale ?? ''}`);
  }
  return lines;
}

/** The human-readable audit printed by `cxqa audit` without `--json`. */
export function formatAuditText(h: AuditHistory): string {
  const lines = [
    `transcript ${h.transcript_id}: ${h.evaluations.length} evaluation${h.evaluations.length === 1 ? '' : 's'}, ${h.content_hashes.length} content version${h.content_hashes.length === 1 ? '' : 's'}`,
  ];
  h.evaluations.forEach((e, i) => lines.push(...formatEvaluation(e, i + 1)));
  for (const f of h.superseded_findings) {
    lines.push(`! finding ${f.finding_id} of replaced evaluation ${f.evaluation_id}: ${f.severity} ${f.criterion_id ?? f.rule_check} message ${f.message_index ?? '-'}: ${f.matched_text ?? ''}`);
  }
  for (const d of h.decisions) {
    const judged = d.judge_error_code ? `ERROR ${d.judge_error_code}` : d.judge_value === null ? '-' : String(d.judge_value);
    lines.push(
      `decision ${d.decision_id} · ${d.created_at} · ${d.criterion_id} = ${d.na ? 'N/A' : String(d.value)} by ${d.reviewer}` +
        ` · rubric ${d.rubric_id} · content ${short(d.content_hash)} · judge had said ${judged}${d.note ? ` · note: ${d.note}` : ''}`,
    );
  }
  // Each entry is one line: a newline or escape sequence inside an id, rationale or quote is shown, not obeyed.
  return `${lines.map(terminalSafeLine).join('\n')}\n`;
}
