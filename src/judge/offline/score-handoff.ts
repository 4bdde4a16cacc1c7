/**
 * Hand-off quality (pass/fail, N/A without a hand-off).
 *  N/A  — no hand-off (no handoff/transfer system event, no "transferring you", no agent taking over from the
 *         bot), or a hand-off with no bot/agent message after it (nobody picked up);
 *  fail — after the hand-off the customer repeated themselves: a message similar (token Jaccard ≥ 0.6) to one
 *         sent before the hand-off, or an explicit "as I said" / "I already told the bot" / "again";
 *  pass — otherwise.
 * When N/A is not allowed by the rubric the judge turns N/A into pass.
 */
import { binary, cite, evidenceOf, type ScorerResult } from './scorer.js';
import type { ConversationSignals } from './signal-types.js';

export function scoreHandoff(s: ConversationSignals): ScorerResult {
  const handoff = s.handoffs[0];
  if (!handoff) {
    return { value: binary(true), na: true, rationale: 'no hand-off took place', evidence: [] };
  }
  const where = handoff.event ? `msg ${handoff.message}, event "${handoff.event}"` : cite(handoff);
  const pickedUp = s.agentMessages.find((i) => i > handoff.message || (handoff.source === 'role_change' && i === handoff.message));
  if (pickedUp === undefined) {
    return {
      value: binary(true),
      na: true,
      rationale: `hand-off (${where}) but no bot/agent message after it: nobody picked up, so context carry-over cannot be judged`,
      evidence: evidenceOf([handoff]),
    };
  }
  const repeats = s.repeatedRequests.filter(
    (r) => r.message > handoff.message && (r.kind === 'explicit' || (r.of !== null && r.of < handoff.message)),
  );
  const repeat = repeats[0];
  if (repeat) {
    const of = repeat.kind === 'similar' && repeat.of !== null ? ` (similar to msg ${repeat.of}, Jaccard ${repeat.similarity})` : '';
    return {
      value: binary(false),
      na: false,
      rationale: `after the hand-off (${where}) the customer had to repeat themselves: ${cite(repeat)}${of}`,
      evidence: evidenceOf([repeat, handoff]),
    };
  }
  return {
    value: binary(true),
    na: false,
    rationale: `hand-off (${where}); the customer did not repeat themselves afterwards`,
    evidence: evidenceOf([handoff]),
  };
}
