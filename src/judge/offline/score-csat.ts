/**
 * Auto-CSAT: a 1–5 estimate of what the customer would answer on a CSAT survey.
 *
 *   raw = 3
 *       + end sentiment   (adjusted AFINN score of the customer's last message:
 *                          ≥ +3 → +1, +1/+2 → +0.5, 0 → 0, −1/−2 → −0.5, ≤ −3 → −1)
 *       + trajectory      (last − first customer message, when the customer wrote twice or more:
 *                          ≥ +3 → +0.5, ≤ −3 → −0.5)
 *       + gratitude       (+0.5 when one of the customer's last two messages has sincere thanks)
 *       + resolution      (resolved +1, escalated −0.5, unresolved −1, abandoned −1)
 *       − repeats         (−0.5 per repeated request, at most −1)
 *       − human requests  (−0.5 per request, at most −1)
 *       − corrections     (−0.5 per correction of the agent, at most −1)
 *       − frustration     (−0.5 if the customer used a frustration word: "ridiculous", "fed up", "!!", ...)
 *       − sarcasm         (−1 if any)
 *       − rudeness        (−1 if the bot/agent was rude)
 *       − loop            (−0.5 if the bot repeated itself)
 *   value = clamp(round(raw), 1, 5)            (Math.round: x.5 rounds up)
 *
 * It never reads `transcript.survey`: survey answers are what this estimate is calibrated against.
 */
import type { ResolutionResult } from './score-resolution.js';
import { cite, evidenceOf, level, type ScorerResult } from './scorer.js';
import type { ConversationSignals, Hit } from './signals.js';

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

const RESOLUTION_DELTA = { resolved: 1, escalated: -0.5, unresolved: -1, abandoned: -1 } as const;

function capped(count: number, each: number, cap: number): number {
  return Math.max(-cap, -each * count);
}

export function estimateCsat(s: ConversationSignals, resolution: ResolutionResult): CsatEstimate {
  const terms: CsatTerm[] = [];
  const add = (name: string, delta: number, hit?: Hit): void => {
    if (delta !== 0) terms.push({ name, delta, hit });
  };
  const t = s.customerTrajectory;

  if (t.last !== null) {
    const end = t.lastScore;
    const delta = end >= 3 ? 1 : end >= 1 ? 0.5 : end <= -3 ? -1 : end <= -1 ? -0.5 : 0;
    add(`end sentiment ${signed(end)}`, delta, s.lastCustomerMessage ?? undefined);
  }
  if (t.first !== null && t.last !== null && t.first !== t.last) {
    add(`sentiment trajectory ${signed(t.change)}`, t.change >= 3 ? 0.5 : t.change <= -3 ? -0.5 : 0);
  }
  const lastTwo = s.customerMessages.slice(-2);
  const thanks = s.gratitude.find((g) => lastTwo.includes(g.message));
  if (thanks) add('gratitude', 0.5, thanks);
  add(`resolution ${resolution.outcome}`, RESOLUTION_DELTA[resolution.outcome]);
  if (s.repeatedRequests.length > 0) add(`${s.repeatedRequests.length} repeated request(s)`, capped(s.repeatedRequests.length, 0.5, 1), s.repeatedRequests[0]);
  if (s.humanRequests.length > 0) add(`${s.humanRequests.length} request(s) for a human`, capped(s.humanRequests.length, 0.5, 1), s.humanRequests[0]);
  if (s.corrections.length > 0) add(`${s.corrections.length} correction(s) of the agent`, capped(s.corrections.length, 0.5, 1), s.corrections[0]);
  if (s.frustration.length > 0) add('customer frustration', -0.5, s.frustration[0]);
  if (s.sarcasm.length > 0) add('sarcasm', -1, s.sarcasm[0]);
  if (s.rudeness.length > 0) add('bot/agent rudeness', -1, s.rudeness[0]);
  if (s.botLoops.length > 0) add('bot repeated itself', -0.5, s.botLoops[0]);

  const raw = 3 + terms.reduce((sum, term) => sum + term.delta, 0);
  const csat = Math.min(5, Math.max(1, Math.round(raw))) as 1 | 2 | 3 | 4 | 5;
  const parts = terms.map((term) => `${term.name} ${signed(term.delta)}${term.hit && term.hit.quote ? ` (${cite(term.hit)})` : ''}`);
  const rationale = `estimated CSAT ${csat}/5 = round(3${terms.map((term) => ` ${term.delta < 0 ? '−' : '+'} ${Math.abs(term.delta)}`).join('')} = ${raw}): ${
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

function signed(x: number): string {
  return x > 0 ? `+${x}` : x < 0 ? `−${Math.abs(x)}` : '0';
}

function asHit(e: { message: number; quote: string }): Hit {
  return { message: e.message, match: e.quote, quote: e.quote };
}
