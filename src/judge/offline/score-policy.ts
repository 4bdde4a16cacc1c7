/**
 * Policy compliance (pass/fail). Fails on any policy-risk phrase from the bot/agent:
 *  - a refund/credit promise ("I'll refund", "you'll get a refund", "I've processed a refund") made before any
 *    identity verification ("verified", "confirm your date of birth/postcode/account", "security question",
 *    or a `verified` system event);
 *  - a personal guarantee ("I guarantee", "it's guaranteed"), at any time;
 *  - reading out a secret ("your password is").
 * Negated or conditional phrases ("I can't guarantee", "if approved, you'll get a refund") do not count.
 * Card numbers and other patterns are the rule engine's job (`kind: rule`), not this scorer's.
 */
import { binary, cite, evidenceOf, type ScorerResult } from './scorer.js';
import type { ConversationSignals } from './signal-types.js';

const WHAT = {
  refund_promise: 'refund/credit promised before identity verification',
  guarantee: 'unauthorised guarantee',
  sensitive: 'sensitive data disclosed',
} as const;

export function scorePolicy(s: ConversationSignals): ScorerResult {
  const risks = s.policyRisks;
  if (risks.length === 0) {
    const verifiedPromise = s.promises.find((p) => p.kind === 'refund_promise');
    const note = verifiedPromise ? `; the refund/credit promise (${cite(verifiedPromise)}) came after verification` : '';
    return {
      value: binary(true),
      na: false,
      rationale: `no policy-risk phrase found (refund promise before verification, guarantee, secret disclosure)${note}`,
      evidence: evidenceOf([verifiedPromise]),
    };
  }
  const first = risks[0]!;
  const verification = s.verifications[0];
  const after = first.kind === 'refund_promise' && verification ? ` (verification only at msg ${verification.message})` : '';
  return {
    value: binary(false),
    na: false,
    rationale: `${WHAT[first.kind]}: ${cite(first)}${after}${risks.length > 1 ? `; ${risks.length - 1} more` : ''}`,
    evidence: evidenceOf(risks),
  };
}
