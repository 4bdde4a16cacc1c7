/**
 * Actionability / clear next steps (1–5; N/A when the customer never wrote a message of 3+ words).
 *  5 — a concrete step or action (numbered steps, imperative step, specific link, completed action, commitment) plus a
 *      timeline ("within 3–5 business days") plus a reference ("ticket 12345", "#A1234");
 *  4 — numbered steps or two or more imperative steps; or a concrete step/action with a timeline or a reference;
 *  3 — one concrete step, action, commitment, timeline, reference, or a hand-off/escalation on its own;
 *  2 — only a vague pointer ("check our website", "contact support", "try again later");
 *  1 — nothing.
 * Capped at 2 when the customer said the last step did not work and nothing new was offered, or the bot looped.
 */
import { cite, evidenceOf, last, level, type ScorerResult } from './scorer.js';
import type { ConversationSignals, Hit, StepHit, StepKind } from './signal-types.js';

export function scoreActionability(s: ConversationSignals): ScorerResult {
  const steps = s.steps;
  const of = (...kinds: StepKind[]): StepHit[] => steps.filter((st) => kinds.includes(st.kind));
  const numbered = of('numbered');
  const imperative = of('imperative');
  const links = of('link');
  const actions = of('action', 'commitment');
  const timeline = of('timeline');
  const reference = of('reference');
  const vague = of('vague');
  const escalation: Hit[] = [...s.handoffs, ...s.escalations];

  if (!s.customerStatedNeed) {
    return {
      value: level(3),
      na: true,
      rationale: 'the customer left before stating a need (no customer message of 3+ words)',
      evidence: [],
    };
  }

  const concrete = numbered.length > 0 || imperative.length > 0 || actions.length > 0 || links.length > 0;
  const strongSteps = numbered.length > 0 || imperative.length >= 2;
  let lvl: 1 | 2 | 3 | 4 | 5;
  let why: string;
  let shown: Array<Hit | undefined>;
  if (concrete && timeline.length > 0 && reference.length > 0) {
    lvl = 5;
    const step = numbered[0] ?? actions[0] ?? imperative[0] ?? links[0]!;
    why = `concrete step/action (${cite(step)}), timeline (${cite(timeline[0]!)}) and reference (${cite(reference[0]!)})`;
    shown = [step, timeline[0], reference[0]];
  } else if (strongSteps || (concrete && (timeline.length > 0 || reference.length > 0))) {
    lvl = 4;
    const step = numbered[0] ?? actions[0] ?? imperative[0] ?? links[0]!;
    const extra = timeline[0] ?? reference[0];
    why = strongSteps && !extra ? `concrete steps (${cite(step)})` : `concrete step/action (${cite(step)})${extra ? ` with ${extra === timeline[0] ? 'a timeline' : 'a reference'} (${cite(extra)})` : ''}`;
    why += timeline.length === 0 ? '; no timeline' : '';
    why += reference.length === 0 ? '; no reference number' : '';
    shown = [step, imperative[1], extra];
  } else if (concrete || timeline.length > 0 || reference.length > 0 || escalation.length > 0) {
    lvl = 3;
    const h = actions[0] ?? imperative[0] ?? links[0] ?? timeline[0] ?? reference[0] ?? escalation[0]!;
    why = `a next step but incomplete (${cite(h)}): ${[timeline.length === 0 ? 'no timeline' : '', reference.length === 0 ? 'no reference' : ''].filter(Boolean).join(', ') || 'single step'}`;
    shown = [h];
  } else if (vague.length > 0) {
    lvl = 2;
    why = `only a vague pointer (${cite(vague[0]!)})`;
    shown = [vague[0]];
  } else {
    lvl = 1;
    why = 'no next step, timeline, reference or action found in bot/agent messages';
    shown = [];
  }

  // Cap: the last concrete offer failed and nothing new came after, or the bot looped.
  const lastOffer = last(steps.filter((st) => st.kind !== 'vague'));
  const failedAfter = lastOffer ? [...s.negativeConfirmations, ...s.sarcasm].find((n) => n.message > lastOffer.message) : undefined;
  const loop = s.botLoops[0];
  if (lvl > 2 && (failedAfter || loop)) {
    lvl = 2;
    why += failedAfter ? `; capped at 2: the customer said it did not work (${cite(failedAfter)}) and no new step followed` : `; capped at 2: the bot repeated itself (${cite(loop!)})`;
    shown.push(failedAfter ?? loop);
  }
  return { value: level(lvl), na: false, rationale: why, evidence: evidenceOf(shown) };
}
