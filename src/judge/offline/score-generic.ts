/**
 * Fallbacks for criteria whose signal the offline judge does not know, chosen by criterion kind:
 *  scale    — the Auto-CSAT estimate mapped linearly onto [min, max] (a generic satisfaction proxy);
 *  binary   — pass unless a strong negative signal is present: bot/agent rudeness, sarcasm, a customer correction,
 *             a policy risk, a bot loop, a negative last customer message, or two or more repeated requests
 *             or human requests;
 *  category — the resolution outcome when the labels look like resolution labels, else OFFLINE_UNSUPPORTED
 *             (handled in offline-judge.ts).
 */
import type { CsatEstimate } from './score-csat.js';
import { binary, cite, evidenceOf, type ScorerResult } from './scorer.js';
import type { ConversationSignals, Hit } from './signal-types.js';

export function genericScale(csat: CsatEstimate, signal: string): ScorerResult {
  return {
    value: csat.value,
    na: false,
    rationale: `no offline signal "${signal}": generic satisfaction proxy — ${csat.rationale}`,
    evidence: csat.evidence,
  };
}

export function genericBinary(s: ConversationSignals, signal: string): ScorerResult {
  const lastC = s.customerTrajectory.last;
  const found: Array<[string, Hit | undefined]> = [
    ['bot/agent rudeness', s.rudeness[0]],
    ['sarcasm', s.sarcasm[0]],
    ['customer correction', s.corrections[0]],
    ['policy risk', s.policyRisks[0]],
    ['bot loop', s.botLoops[0]],
    ['negative last customer message', s.negativeConfirmations.find((n) => n.message === lastC)],
    ['repeated requests', s.repeatedRequests.length >= 2 ? s.repeatedRequests[0] : undefined],
    ['requests for a human', s.humanRequests.length >= 2 ? s.humanRequests[0] : undefined],
  ];
  const negatives = found.filter((f): f is [string, Hit] => f[1] !== undefined);
  if (negatives.length === 0) {
    return {
      value: binary(true),
      na: false,
      rationale: `no offline signal "${signal}": generic check — pass, no strong negative signal (rudeness, sarcasm, correction, policy risk, loop, negative ending, repeated requests)`,
      evidence: [],
    };
  }
  return {
    value: binary(false),
    na: false,
    rationale: `no offline signal "${signal}": generic check — fail on ${negatives.map(([name, h]) => `${name} (${cite(h)})`).join('; ')}`,
    evidence: evidenceOf(negatives.map(([, h]) => h)),
  };
}
