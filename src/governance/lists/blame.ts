import type { TermList } from './term-list.js';

/**
 * Phrases that blame, dismiss or lecture the customer. Read with `ignore: [negated]`: "it is not your fault" and
 * "none of this is your fault" are reassurance, not blame. Helpful instructions ("please read the instructions in
 * the email", "I'll deal with it right away") are not listed.
 */
export const BLAME: TermList = {
  phrases: [
    'calm down',
    'not my problem',
    'not my job',
    'not my fault',
    'your fault',
    'your own fault',
    "that's on you",
    'that is on you',
    "that's your problem",
    'that is your problem',
    'you should have read',
    'you should have known',
    'you should have checked',
    'you should have listened',
    "you didn't read",
    'you did not read',
    'did you even read',
    'if you had read',
    'if you had listened',
    'as I already said',
    'as I already told you',
    'I already told you',
    'like I said',
    'user error',
    'you must have done something wrong',
    'you people',
  ],
  patterns: [
    // A dismissive "deal with it" / "live with it" aimed at the customer, not "I'll deal with it for you".
    "\\byou(?:'ll|’ll| will)? (?:just )?(?:have to|need to|gotta) (?:deal|live) with it\\b",
    '(?:^|[.!?]\\s?)(?:just )?deal with it(?=\\s?(?:[.!]|$))',
  ],
  negatable: true,
};
