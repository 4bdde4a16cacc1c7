import type { RuleOutcome } from './pattern-rules.js';

/** A rule that did not apply to this transcript (no timestamps, intent not listed, ...): the verdict is N/A. */
export interface NotApplicable {
  na: true;
  rationale: string;
}

/** What a rule check returns: a pass/fail outcome, or N/A. */
export type RuleResult = RuleOutcome | NotApplicable;

export function notApplicable(rationale: string): NotApplicable {
  return { na: true, rationale: `not applicable: ${rationale}` };
}

export function isNotApplicable(r: RuleResult): r is NotApplicable {
  return 'na' in r && r.na === true;
}

/** At most this many evidence items per verdict; the rationale says how many more there were. */
export const MAX_RULE_EVIDENCE = 20;

/** The first `words` words of a text, with `…` when cut. */
export function firstWords(text: string, words = 8): string {
  const parts = text.trim().split(/\s+/);
  return parts.length <= words ? parts.join(' ') : `${parts.slice(0, words).join(' ')} …`;
}
