/**
 * Tone and empathy (1–5), from bot/agent phrasing and the customer's state:
 *  1 — strong rudeness ("calm down", "not my problem") or two or more rude/condescending phrases;
 *  2 — one condescending phrase ("obviously", "as I already said"), or the customer showed frustration and the
 *      bot/agent never used an empathy phrase, or the bot looped while the customer was frustrated;
 *  3 — polite but generic: no empathy phrase and no customer frustration (also the cap when the bot looped);
 *  4 — at least one empathy phrase ("I'm sorry", "I understand", "I can see how frustrating");
 *  5 — empathy and the customer was frustrated but ended better (confirmed, thanked, or last sentiment ≥ 0 and
 *      higher than the first).
 * Customer frustration = a frustration word, negative confirmation, sarcasm, repeated request, human request
 * or correction.
 */
import { cite, evidenceOf, level, plural, type ScorerResult } from './scorer.js';
import type { ConversationSignals, Hit } from './signal-types.js';

export function frustrationHits(s: ConversationSignals): Hit[] {
  return [...s.frustration, ...s.negativeConfirmations, ...s.sarcasm, ...s.repeatedRequests, ...s.humanRequests, ...s.corrections].sort(
    (a, b) => a.message - b.message,
  );
}

export function scoreTone(s: ConversationSignals): ScorerResult {
  const strong = s.rudeness.filter((r) => r.strong);
  if (strong.length > 0 || s.rudeness.length >= 2) {
    const shown = strong[0] ?? s.rudeness[0]!;
    return {
      value: level(1),
      na: false,
      rationale: `rude or dismissive bot/agent language: ${plural(s.rudeness.length, 'phrase')}, e.g. ${cite(shown)}`,
      evidence: evidenceOf([shown, ...s.rudeness]),
    };
  }
  if (s.rudeness.length === 1) {
    const r = s.rudeness[0]!;
    return { value: level(2), na: false, rationale: `condescending bot/agent language (${cite(r)})`, evidence: evidenceOf([r]) };
  }

  const frustration = frustrationHits(s);
  const frustrated = frustration[0];
  const empathy = s.empathy[0];
  const loop = s.botLoops[0];

  if (frustrated && !empathy) {
    const loopNote = loop ? `; the bot repeated itself (${cite(loop)})` : '';
    return {
      value: level(2),
      na: false,
      rationale: `the customer showed frustration (${cite(frustrated)}) and no empathy phrase was used${loopNote}`,
      evidence: evidenceOf([frustrated, loop]),
    };
  }
  if (loop) {
    const lvl = frustrated ? 2 : 3;
    return {
      value: level(lvl),
      na: false,
      rationale: `the bot repeated itself (${cite(loop)})${frustrated ? ` while the customer was frustrated (${cite(frustrated)})` : ''}: robotic`,
      evidence: evidenceOf([loop, frustrated, empathy]),
    };
  }
  if (!empathy) {
    return {
      value: level(3),
      na: false,
      rationale: 'polite but generic: no rudeness, no empathy phrase, and no customer frustration detected',
      evidence: [],
    };
  }
  if (frustrated) {
    const t = s.customerTrajectory;
    const lastC = t.last;
    const confirmedOrThanked = [...s.confirmations, ...s.gratitude].find((h) => h.message === lastC);
    const improved = t.first !== t.last && t.lastScore >= 0 && t.change > 0;
    if (confirmedOrThanked || improved) {
      const how = confirmedOrThanked ? `the customer ended positively (${cite(confirmedOrThanked)})` : `customer sentiment rose by ${t.change}`;
      return {
        value: level(5),
        na: false,
        rationale: `empathy (${cite(empathy)}) for a frustrated customer (${cite(frustrated)}), and ${how}: de-escalated`,
        evidence: evidenceOf([empathy, frustrated, confirmedOrThanked]),
      };
    }
    return {
      value: level(4),
      na: false,
      rationale: `empathy (${cite(empathy)}) acknowledged the customer's frustration (${cite(frustrated)}), but the customer did not end positively`,
      evidence: evidenceOf([empathy, frustrated]),
    };
  }
  return {
    value: level(4),
    na: false,
    rationale: `warm and professional: ${plural(s.empathy.length, 'empathy phrase')}, e.g. ${cite(empathy)}; no rudeness`,
    evidence: evidenceOf([empathy]),
  };
}
