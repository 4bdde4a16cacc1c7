import { BLAME } from './blame.js';
import { INSULT } from './insult.js';
import { PROFANITY } from './profanity.js';
import type { TermList } from './term-list.js';

export type { TermList } from './term-list.js';

/** The built-in term lists a `prohibited_language` rule can name in `lists:`. */
export const TERM_LISTS = {
  profanity: PROFANITY,
  blame: BLAME,
  insult: INSULT,
} as const satisfies Record<string, TermList>;

export type TermListName = keyof typeof TERM_LISTS;
export const TERM_LIST_NAMES = Object.keys(TERM_LISTS) as [TermListName, ...TermListName[]];
