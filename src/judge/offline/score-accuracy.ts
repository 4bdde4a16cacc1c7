/**
 * Accuracy (1–5). The offline judge cannot check facts: it only sees the customer correcting the bot/agent.
 *  5 — no correction found (absence of evidence, not proof of accuracy);
 *  3 — one correction that the bot/agent acknowledged afterwards ("you're right", "my mistake");
 *  2 — one correction left unacknowledged, or several corrections all acknowledged;
 *  1 — two or more corrections, at least one unacknowledged.
 */
import { cite, evidenceOf, level, plural, type ScorerResult } from './scorer.js';
import type { ConversationSignals } from './signal-types.js';

export function scoreAccuracy(s: ConversationSignals): ScorerResult {
  const corrections = s.corrections;
  if (corrections.length === 0) {
    return {
      value: level(5),
      na: false,
      rationale: 'no customer correction of the bot/agent found; the offline judge cannot verify facts, so this only reflects the absence of corrections',
      evidence: [],
    };
  }
  // Corrections in one message count once.
  const byMessage = [...new Map(corrections.map((c) => [c.message, c])).values()];
  const acked = byMessage.map((c) => s.acknowledgements.find((a) => a.message > c.message));
  const unacked = byMessage.filter((_, i) => !acked[i]);
  const first = byMessage[0]!;
  if (byMessage.length === 1) {
    const ack = acked[0];
    if (ack) {
      return {
        value: level(3),
        na: false,
        rationale: `the customer corrected the agent (${cite(first)}) and the mistake was acknowledged (${cite(ack)})`,
        evidence: evidenceOf([first, ack]),
      };
    }
    return {
      value: level(2),
      na: false,
      rationale: `the customer corrected the agent (${cite(first)}) and the mistake was not acknowledged`,
      evidence: evidenceOf([first]),
    };
  }
  const lvl = unacked.length > 0 ? 1 : 2;
  return {
    value: level(lvl),
    na: false,
    rationale: `the customer corrected the agent in ${plural(byMessage.length, 'message')} (first: ${cite(first)}); ${
      unacked.length > 0 ? `${unacked.length} not acknowledged` : 'all acknowledged'
    }`,
    evidence: evidenceOf([...byMessage, ...acked]),
  };
}
