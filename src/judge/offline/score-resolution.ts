/**
 * Resolution: resolved / escalated / unresolved / abandoned, decided by the first rule that applies.
 *
 * A *hand-off* moves the customer to a human inside this conversation (system event, "transferring you",
 * an agent taking over from the bot); that human can still resolve the issue. An *escalation* sends the issue to
 * a team outside the conversation ("I've escalated this to our billing team", "the fees team will decide").
 *
 *  1. resolved    — the customer confirmed the fix ("that worked", "it's fixed", "all sorted", "got it",
 *                   "perfect") after any hand-off/escalation, with no trouble after it (negative confirmation,
 *                   sarcasm, repeat, correction, human request);
 *  2. abandoned   — a customer_left event after a hand-off with no bot/agent message in between (the customer
 *                   left while waiting for the human);
 *  3. unresolved  — the customer's last message is negative: a negative confirmation ("still not working"),
 *                   sarcasm, giving up ("forget it", "don't bother") or a frustration word ("unbelievable");
 *  4. resolved    — sincere gratitude or a closing reply ("no, that's all") from the customer, not in their
 *                   first message, followed by at most two more customer messages and no trouble; no escalation
 *                   to another team before it (thanks for an escalation is still "escalated"); after a hand-off
 *                   only once the human has replied; and no bot loop;
 *  5. escalated   — any hand-off or escalation;
 *  6. unresolved  — any trouble: negative confirmation, sarcasm, bot loop, repeated request, human request;
 *  7. abandoned   — a customer_left event, or no customer message at all, or the conversation ends on a
 *                   bot/agent question (not "anything else?") with at most 3 bot/agent messages after the
 *                   customer's last message;
 *  8. resolved    — the bot/agent reported completing an action ("I've issued the refund");
 *  9. unresolved  — otherwise (nothing shows the issue was dealt with).
 */
import type { ConfirmationHit, ConversationSignals, Hit } from './signal-types.js';
import { cite, evidenceOf, last, outcome, type ResolutionOutcome, type ScorerResult } from './scorer.js';

/** Tail length (bot/agent messages after the customer's last message) still counted as "short" for abandonment. */
export const ABANDON_MAX_TAIL = 3;
/** At most this many customer messages may follow the gratitude/closing reply that counts as resolution. */
export const GRATITUDE_MAX_AFTER = 2;

export interface ResolutionResult extends ScorerResult {
  outcome: ResolutionOutcome;
  /** The customer confirmation that decided a rule-1 "resolved"; null for every other rule. */
  confirmedBy: ConfirmationHit | null;
}

function result(o: ResolutionOutcome, rationale: string, hits: ReadonlyArray<Hit | null | undefined>, confirmedBy: ConfirmationHit | null = null): ResolutionResult {
  return { outcome: o, value: outcome(o), na: false, rationale, evidence: evidenceOf(hits), confirmedBy };
}

function byMessage(a: Hit, b: Hit): number {
  return a.message - b.message;
}

export function scoreResolution(s: ConversationSignals): ResolutionResult {
  const handoff = s.handoffs[0];
  const lastHandoff = last(s.handoffs);
  const lastEscalation = last(s.escalations);
  const movedAt = Math.max(lastHandoff?.message ?? -1, lastEscalation?.message ?? -1);
  const negatives: Hit[] = [...s.negativeConfirmations, ...s.sarcasm];
  const trouble: Hit[] = [...negatives, ...s.repeatedRequests, ...s.humanRequests, ...s.corrections].sort(byMessage);
  const troubleAfter = (index: number): Hit | undefined => trouble.find((h) => h.message > index);
  const lastCustomer = s.customerTrajectory.last;
  const firstCustomer = s.customerTrajectory.first;

  // 1. Confirmed by the customer.
  const confirmation = last(s.confirmations);
  if (confirmation && confirmation.message > movedAt && !troubleAfter(confirmation.message)) {
    const extra = movedAt >= 0 ? `, after the hand-off/escalation at msg ${movedAt}` : '';
    return result('resolved', `customer confirmed the fix (${cite(confirmation)})${extra}; no negative signal after it`, [confirmation], confirmation);
  }

  // 2. Left while waiting for the human: a customer_left event after the hand-off, before any bot/agent reply.
  if (handoff) {
    const leftWaiting = s.customerLeft.find(
      (l) => l.message > handoff.message && !s.agentMessages.some((i) => i > handoff.message && i < l.message),
    );
    if (leftWaiting) {
      return result('abandoned', `the customer left (msg ${leftWaiting.message}) after the hand-off (${cite(handoff)}) before anyone picked up`, [handoff, leftWaiting]);
    }
  }

  // 3. The customer's last word is negative.
  const endNegatives: Hit[] = [...negatives, ...s.frustration];
  const negativeAtEnd = lastCustomer === null ? undefined : endNegatives.find((h) => h.message === lastCustomer);
  if (negativeAtEnd) {
    const left = s.customerLeft.find((l) => l.message > negativeAtEnd.message);
    return result(
      'unresolved',
      `the customer's last message is negative (${cite(negativeAtEnd)})${left ? `, then the customer left (msg ${left.message})` : ''}`,
      [negativeAtEnd, left],
    );
  }

  // 4. Gratitude or a closing reply at the end.
  const ending = [...s.gratitude, ...s.closingReplies].sort(byMessage).filter((h) => h.message !== firstCustomer);
  const endHit = last(ending);
  if (endHit && s.botLoops.length === 0 && !troubleAfter(endHit.message - 1)) {
    const customerAfter = s.customerMessages.filter((i) => i > endHit.message).length;
    const escalatedBefore = s.escalations.some((e) => e.message < endHit.message);
    const humanReplied = handoff === undefined || s.agentMessages.some((i) => i > handoff.message && i < endHit.message) || handoff.source === 'role_change';
    if (customerAfter <= GRATITUDE_MAX_AFTER && !escalatedBefore && humanReplied) {
      const what = s.gratitude.includes(endHit) ? 'customer thanked' : 'customer closed the conversation';
      const via = handoff ? ` after the human took over (${cite(handoff)})` : '';
      return result('resolved', `${what} at the end (${cite(endHit)})${via} with no negative signal after it`, [endHit, handoff]);
    }
  }

  // 5. Handed off or escalated.
  const moved = [...s.handoffs, ...s.escalations].sort(byMessage);
  if (moved.length > 0) {
    const first = moved[0]!;
    const lastMoved = moved[moved.length - 1]!;
    const what = first === lastMoved ? cite(first) : `${cite(first)}; ${cite(lastMoved)}`;
    return result('escalated', `handed off or escalated (${what}) with no customer confirmation afterwards`, [first, lastMoved]);
  }

  // 6. Trouble anywhere.
  const reasons: string[] = [];
  const shown: Hit[] = [];
  const firstOf = (label: string, hits: readonly Hit[]): void => {
    const h = hits[0];
    if (!h) return;
    reasons.push(`${label} (${cite(h)})`);
    shown.push(h);
  };
  firstOf('negative confirmation', negatives);
  firstOf('bot repeated itself', s.botLoops);
  firstOf('customer repeated a request', s.repeatedRequests);
  firstOf('customer asked for a human', s.humanRequests);
  if (reasons.length > 0) return result('unresolved', `no confirmed fix; ${reasons.join('; ')}`, shown);

  // 7. The customer left or never engaged.
  const left = s.customerLeft[0];
  if (left) {
    return result('abandoned', `the customer left (msg ${left.message}${left.event ? `, event "${left.event}"` : ''}) before confirming a fix`, [left]);
  }
  if (s.customerMessages.length === 0) {
    return result('abandoned', 'the customer never wrote a message', []);
  }
  if (s.unansweredQuestion && s.lastSpeaker && s.lastSpeaker.role !== 'customer' && s.messagesAfterLastCustomer <= ABANDON_MAX_TAIL) {
    return result(
      'abandoned',
      `the conversation ends on an unanswered ${s.lastSpeaker.role} question (${cite(s.unansweredQuestion)}); the customer never confirmed`,
      [s.unansweredQuestion],
    );
  }

  // 8. An action was completed, nothing negative.
  const action = last(s.steps.filter((st) => st.kind === 'action'));
  if (action) {
    return result('resolved', `the ${s.sentiment[action.message]?.role ?? 'agent'} reported completing an action (${cite(action)}); no negative signal, though the customer did not confirm`, [action]);
  }

  // 9. Nothing either way.
  return result('unresolved', 'no confirmation, gratitude or completed action found: the issue is not shown to be resolved', []);
}
