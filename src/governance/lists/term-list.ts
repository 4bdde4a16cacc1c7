/**
 * A built-in list for `prohibited_language` rules. Phrases are matched on word boundaries, case-insensitive,
 * with any run of spaces matching any whitespace and ' matching ’. Patterns are regular expressions
 * (case-insensitive) for constructions a fixed phrase cannot express ("you're so stupid", a bare "Whatever.");
 * they are linear-time: no quantifier inside another one, no lookbehind (a test checks them with safe-regex2).
 */
export interface TermList {
  phrases: readonly string[];
  patterns: readonly string[];
  /**
   * Whether a rule's `ignore: [negated]` applies to this list. True for blame and insults ("it is not your
   * fault", "there are no stupid questions"); false for profanity: a negated swear word is still swearing.
   */
  negatable: boolean;
}
