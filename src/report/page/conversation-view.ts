import { maskSensitive } from '../../governance/detect/mask.js';
import type { Criterion } from '../../rubric/schema.js';
import type { ConversationDetailRow } from '../../store/report-conversation-details.js';
import type { Transcript } from '../../transcript/schema.js';
import { verdictPasses } from './criterion-rates.js';
import type { ConversationView, DecisionView, VerdictView } from './report-data.js';

export interface ConversationViewOptions {
  criteria: ReadonlyMap<string, Criterion>;
  versions: ReadonlyMap<string, string>;
  /** Mask cards, IBANs, SSNs, emails, phone numbers and IPs in message text and quotes (default true). */
  maskPii: boolean;
  decisions?: ReadonlyMap<string, DecisionView[]>;
}

/** Shown for each message of a conversation whose text was purged (`cxqa purge`) or not stored (`store.text: none`). */
export const TEXT_NOT_STORED = '[text not stored]';

/** What the conversation viewer shows of one stored conversation. */
export function conversationView(row: ConversationDetailRow, opts: ConversationViewOptions): ConversationView {
  const t = JSON.parse(row.body_json) as Transcript;
  const mask = (s: string) => (opts.maskPii ? maskSensitive(s) : s);
  const verdicts: VerdictView[] = row.verdicts.map((v) => {
    const c = opts.criteria.get(v.criterion_id);
    const evidence = (JSON.parse(v.evidence_json) as { message: number; quote: string; verified?: boolean }[]).map((e) => ({ ...e, quote: mask(e.quote) }));
    return {
      criterion: v.criterion_id,
      title: c?.title ?? v.criterion_id,
      kind: c?.kind ?? 'unknown',
      value: JSON.parse(v.value_json) as string | number | null,
      na: v.na === 1,
      passed: verdictPasses(c, v.value_json, v.na, v.error_code),
      rationale: mask(v.rationale),
      evidence,
      judge: v.judge,
      error: v.error_code ? { code: v.error_code, message: v.error_message } : null,
    };
  });
  return {
    id: t.id,
    started_at: t.started_at,
    channel: t.channel,
    customer_id: t.customer_id,
    agent_id: t.agent_id ?? null,
    intent: t.intent ?? null,
    bot: row.bot,
    status: row.status,
    qa_score: row.qa_score,
    auto_fail: row.auto_fail === 1,
    judge: row.judge,
    rubric_version: opts.versions.get(row.rubric_hash) ?? null,
    run_id: row.run_id,
    repeat_contact: row.repeat_contact === 1,
    survey: t.survey ?? null,
    auto_csat: row.auto_csat,
    messages: t.messages.map((m) => ({
      role: m.role,
      text: row.text_stored ? mask(m.text) : TEXT_NOT_STORED,
      ...(m.at ? { at: m.at } : {}),
      ...(m.author ? { author: m.author } : {}),
      ...(m.event ? { event: m.event } : {}),
    })),
    verdicts,
    findings: row.findings.map((f) => ({
      rule: f.rule,
      check: f.rule_check,
      severity: f.severity,
      message_index: f.message_index,
      matched_text: f.matched_text,
      policy: f.policy,
      rationale: f.rationale === null ? null : mask(f.rationale),
    })),
    decisions: opts.decisions?.get(t.id) ?? [],
  };
}
