/**
 * Auto-CSAT: a 1–5 estimate of what the customer would answer on a CSAT survey.
 *
 * Neutral (3) is the answer people give most often; the estimate leaves it only on evidence, and counts each piece
 * of evidence once (a closing "thanks" is gratitude, not also positive sentiment and a resolution).
 *
 *   raw = 3
 *       + end sentiment     (evaluative AFINN score of the customer's last message — courtesy words such as
 *                            "thanks", "please", "help" left out: ≥ +3 → +0.5)
 *       + conversation sentiment (VADER, customer-vader.ts: mean evaluative score of all customer messages —
 *                            courtesy words masked, negation and intensity read — ≤ −0.05 → −0.5: the customer was
 *                            negative on the whole; −0.05 is VADER's own "negative" cut-off)
 *       + gratitude         (+0.25 when one of the customer's last two messages has sincere thanks: courtesy
 *                            alone does not lift a conversation off neutral)
 *       + outcome           (fix confirmed by the customer ("that worked", "it's fixed") +1; resolved otherwise —
 *                            thanks, a closing reply, an acceptance such as "perfect" / "that works", a completed
 *                            action — 0; escalated, unresolved or abandoned −0.5)
 *       + positive replies  (customer messages after the first with adjusted AFINN ≥ +2: 5–7 → +0.5, 8 or more → +1)
 *       − rejections        (−0.25 per customer turn that opens by turning down the offer, "No, play it on …",
 *                            at most −0.5: effort)
 *       − repeats           (−0.5 per repeated request, at most −1)
 *       − human requests    (−0.5 per request, at most −1)
 *       − corrections       (−0.5 per correction of the agent, at most −1)
 *       − frustration       (−0.5 if the customer used a frustration word: "ridiculous", "fed up", "!!", ...)
 *       − sarcasm           (−1 if any)
 *       − rudeness          (−1 if the bot/agent was rude)
 *       − loop              (−0.5 if the bot repeated itself while the customer was in trouble: a repeated
 *                            request or correction, a request for a human, frustration, a negative confirmation
 *                            or sarcasm; a repeated template the customer did not mind is not held against it)
 *   value = clamp(round(raw), 1, 5)            (Math.round: x.5 rounds up)
 *
 * Revision 4 (2026-12-02, issue 14 item 3): the negative side of the AFINN end sentiment (−0.5 / −1 for a negative
 * last message) gave way to the VADER conversation sentiment, and rejections were added. Candidates were chosen on a
 * development half of every USS corpus, then a gate on the held-out parts dropped the ones that made a held-out
 * corpus worse (VADER closing sentiment of the last two messages among them): see README.md, "Agreement with people".
 * The weights are hand-set round numbers and part of the judge's fingerprint (CSAT_WEIGHTS).
 *
 * It never reads `transcript.survey`: survey answers are what this estimate is calibrated against.
 */
import type { CustomerVader } from './customer-vader.js';
import type { ResolutionResult } from './score-resolution.js';
import { cite, evidenceOf, level, type ScorerResult } from './scorer.js';
import type { ConversationSignals, Hit } from './signal-types.js';

export interface CsatTerm {
  name: string;
  delta: number;
  hit?: Hit | undefined;
}

export interface CsatEstimate extends ScorerResult {
  /** 1–5. */
  csat: 1 | 2 | 3 | 4 | 5;
  /** The unrounded sum. */
  raw: number;
  terms: CsatTerm[];
}

/** Every weight and threshold of the formula above (hashed into the judge's fingerprint). */
export const CSAT_WEIGHTS = {
  baseline: 3,
  /** End sentiment: evaluative AFINN score of the last customer message → delta (the positive side only, see above). */
  endStrongPositive: { atLeast: 3, delta: 0.5 },
  /** Conversation sentiment: mean evaluative VADER score of all customer messages → delta. */
  conversationNegative: { atMost: -0.05, delta: -0.5 },
  gratitude: 0.25,
  /** Outcome: a fix the customer confirmed; any other "resolved"; every other outcome. */
  confirmedFix: 1,
  resolvedOtherwise: 0,
  escalated: -0.5,
  unresolved: -0.5,
  abandoned: -0.5,
  /** Positive replies: customer messages after the first with adjusted AFINN ≥ minScore. */
  positiveReplies: { minScore: 2, tiers: [{ atLeast: 8, delta: 1 }, { atLeast: 5, delta: 0.5 }] },
  rejection: { each: -0.25, cap: -0.5 },
  repeat: { each: -0.5, cap: -1 },
  humanRequest: { each: -0.5, cap: -1 },
  correction: { each: -0.5, cap: -1 },
  frustration: -0.5,
  sarcasm: -1,
  rudeness: -1,
  /** Only when the customer was in trouble too (see above). */
  botLoop: -0.5,
} as const;

const W = CSAT_WEIGHTS;

function capped(count: number, rule: { each: number; cap: number }): number {
  return Math.max(rule.cap, rule.each * count);
}

/** `v`: the customer's VADER scores (`customerVader`, customer-vader.ts). */
export function estimateCsat(s: ConversationSignals, resolution: ResolutionResult, v: CustomerVader): CsatEstimate {
  const terms: CsatTerm[] = [];
  /** Terms with a zero delta are left out, except `shown` ones (the outcome is always named). */
  const add = (name: string, delta: number, hit?: Hit, shown = false): void => {
    if (delta !== 0 || shown) terms.push({ name, delta, hit });
  };
  const last = s.customerTrajectory.last;
  if (last !== null) {
    const end = s.sentiment[last]!.evaluative;
    if (end >= W.endStrongPositive.atLeast) add(`end sentiment ${signed(end)} (courtesy words left out)`, W.endStrongPositive.delta, s.lastCustomerMessage ?? undefined);
  }
  if (v.mean !== null && v.mean <= W.conversationNegative.atMost) {
    add(`conversation sentiment ${fixed(v.mean)} (VADER mean of the customer's messages)`, W.conversationNegative.delta);
  }
  const lastTwo = s.customerMessages.slice(-2);
  const thanks = s.gratitude.find((g) => lastTwo.includes(g.message));
  if (thanks) add('gratitude', W.gratitude, thanks);

  const confirmed = resolution.outcome === 'resolved' ? resolution.confirmedBy : null;
  if (confirmed && confirmed.kind === 'fix') add('customer confirmed the fix', W.confirmedFix, confirmed);
  else if (resolution.outcome === 'resolved') add('resolved without a confirmed fix', W.resolvedOtherwise, undefined, true);
  else add(`resolution ${resolution.outcome}`, W[resolution.outcome], undefined, true);

  const positive = s.customerMessages.slice(1).filter((i) => s.sentiment[i]!.adjusted >= W.positiveReplies.minScore);
  const tier = W.positiveReplies.tiers.find((x) => positive.length >= x.atLeast);
  if (tier) add(`${positive.length} positive replies (AFINN ≥ +${W.positiveReplies.minScore}: msg ${listed(positive)})`, tier.delta);

  if (s.rejections.length > 0) add(`${s.rejections.length} rejection(s) of the offer`, capped(s.rejections.length, W.rejection), s.rejections[0]);
  if (s.repeatedRequests.length > 0) add(`${s.repeatedRequests.length} repeated request(s)`, capped(s.repeatedRequests.length, W.repeat), s.repeatedRequests[0]);
  if (s.humanRequests.length > 0) add(`${s.humanRequests.length} request(s) for a human`, capped(s.humanRequests.length, W.humanRequest), s.humanRequests[0]);
  if (s.corrections.length > 0) add(`${s.corrections.length} correction(s) of the agent`, capped(s.corrections.length, W.correction), s.corrections[0]);
  if (s.frustration.length > 0) add('customer frustration', W.frustration, s.frustration[0]);
  if (s.sarcasm.length > 0) add('sarcasm', W.sarcasm, s.sarcasm[0]);
  if (s.rudeness.length > 0) add('bot/agent rudeness', W.rudeness, s.rudeness[0]);
  const trouble =
    s.repeatedRequests.length + s.humanRequests.length + s.corrections.length + s.frustration.length + s.negativeConfirmations.length + s.sarcasm.length > 0;
  if (s.botLoops.length > 0 && trouble) add('bot repeated itself while the customer was in trouble', W.botLoop, s.botLoops[0]);

  const raw = W.baseline + terms.reduce((sum, term) => sum + term.delta, 0);
  const csat = Math.min(5, Math.max(1, Math.round(raw))) as 1 | 2 | 3 | 4 | 5;
  const parts = terms.map((term) => `${term.name} ${signedDelta(term.delta)}${term.hit && term.hit.quote ? ` (${cite(term.hit)})` : ''}`);
  const rationale = `estimated CSAT ${csat}/5 = round(${W.baseline}${terms.map((term) => ` ${term.delta < 0 ? '−' : '+'} ${Math.abs(term.delta)}`).join('')} = ${raw}): ${
    parts.length > 0 ? parts.join('; ') : 'no satisfaction signals, neutral'
  }`;
  return {
    csat,
    raw,
    terms,
    value: level(csat),
    na: false,
    rationale,
    evidence: evidenceOf([...terms.map((term) => term.hit), ...resolution.evidence.map(asHit)]),
  };
}

/** "3, 5, 7, 9, 11, …": message indices, at most six. */
function listed(indices: readonly number[]): string {
  return indices.length > 6 ? `${indices.slice(0, 6).join(', ')}, …` : indices.join(', ');
}

function signedDelta(x: number): string {
  return x === 0 ? '+0' : signed(x);
}

/** A VADER score to two decimals, with a real minus sign. */
function fixed(x: number): string {
  const r = Math.round(x * 100) / 100;
  return r < 0 ? `−${Math.abs(r).toFixed(2)}` : r.toFixed(2);
}

function signed(x: number): string {
  return x > 0 ? `+${x}` : x < 0 ? `−${Math.abs(x)}` : '0';
}

function asHit(e: { message: number; quote: string }): Hit {
  return { message: e.message, match: e.quote, quote: e.quote };
}
