import safeRegex from 'safe-regex2';

/** More repetitions than this in one pattern are refused (safe-regex2's default limit). */
export const MAX_PATTERN_REPETITIONS = 25;

/**
 * Whether a rubric pattern is safe to run over text written by anyone: checked with `safe-regex2`, which
 * refuses a repetition inside a repetition (star height above 1: `(a+)+`, `(\w+\s?)*`, `(?:x[ -]?){3}`) —
 * the shape behind catastrophic backtracking — and more than {@link MAX_PATTERN_REPETITIONS} repetitions.
 * Two shapes it cannot read are rewritten first, for the check only: lookbehinds (`(?<=…)`, `(?<!…)`) are
 * checked as plain groups, and an optional group (`(…)?`, `(…){0,1}`) as the group alone, since a group
 * tried at most once cannot multiply the work of what it holds.
 */
export function isSafePattern(pattern: string): boolean {
  return safeRegex(analysableSource(pattern), { limit: MAX_PATTERN_REPETITIONS });
}

/** The pattern with lookbehinds turned into groups and `?` / `{0,1}` after a group removed. One pass. */
export function analysableSource(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      out += pattern.slice(i, i + 2);
      i += 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      continue;
    }
    if (ch === '(' && (pattern.startsWith('?<=', i + 1) || pattern.startsWith('?<!', i + 1))) {
      out += '(?:';
      i += 3;
      continue;
    }
    if (ch === ')') {
      out += ch;
      const optional = pattern.startsWith('?', i + 1) ? 1 : pattern.startsWith('{0,1}', i + 1) ? 5 : 0;
      if (optional > 0) {
        i += optional;
        if (pattern[i + 1] === '?') i += 1; // lazy: `)??`
      }
      continue;
    }
    out += ch;
  }
  return out;
}
