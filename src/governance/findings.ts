import type { Verdict } from '../values/verdict.js';
import type { Severity } from '../rubric/rule-schema.js';
import type { Criterion } from '../rubric/schema.js';
import { maskSensitive } from './detect/mask.js';
import type { InjectionHit } from './injection-scan.js';

/** `rule_check` of findings that come from the injection scan rather than a rubric rule. */
export const INJECTION_CHECK = 'injection';
/** Policy text stored with injection findings. */
export const INJECTION_POLICY =
  'Judge integrity: text addressed to the judge or model is flagged for review; the conversation is still judged normally.';

/** One governance finding before it is stored (the store adds run, evaluation, transcript, rubric, judge, time). */
export interface NewFinding {
  /** The rubric criterion whose rule failed; null for injection findings. */
  criterionId: string | null;
  /** The rule's `check` (`sensitive_data`, `must_include`, ...) or `injection`. */
  ruleCheck: string;
  severity: Severity;
  /** 0-based message index of the evidence; null when the breach has no single message (e.g. required text missing). */
  messageIndex: number | null;
  /** The matching text, with any card, IBAN, SSN, email or phone number in it masked. */
  matchedText: string | null;
  policy: string | null;
  rationale: string | null;
}

/**
 * The findings of one evaluation: one per evidence item of every failed rule verdict (a failed rule without
 * evidence, such as a missing `must_include` text, gives one finding without a message), plus one per
 * injection hit. A failed `must_include` cites only what it did not find, so its evidence is not a finding.
 */
export function collectFindings(criteria: readonly Criterion[], verdicts: readonly Verdict[], injection: readonly InjectionHit[]): NewFinding[] {
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const out: NewFinding[] = [];
  for (const v of verdicts) {
    const c = byId.get(v.criterion);
    if (!c || c.kind !== 'rule' || v.error || v.na || v.value !== 'fail') continue;
    const rule = c.rule;
    const base = { criterionId: c.id, ruleCheck: rule.check, severity: rule.severity, policy: rule.policy ?? null, rationale: v.rationale };
    const evidence = rule.check === 'must_include' ? [] : v.evidence;
    if (evidence.length === 0) out.push({ ...base, messageIndex: null, matchedText: null });
    for (const e of evidence) out.push({ ...base, messageIndex: e.message, matchedText: maskSensitive(e.quote) });
  }
  for (const hit of injection) {
    out.push({
      criterionId: null,
      ruleCheck: INJECTION_CHECK,
      severity: 'high',
      messageIndex: hit.message,
      matchedText: maskSensitive(hit.quote),
      policy: INJECTION_POLICY,
      rationale: `${hit.pattern}: ${hit.reason} (${hit.role} message)`,
    });
  }
  return out;
}
