import type { Transcript } from '../../transcript/schema.js';
import type { Evidence, Verdict } from '../../values/verdict.js';
import { stripInvisible } from './transcript-fence.js';

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const ELLIPSIS = /\u2026|\.{3,}/g;
const HAS_ALNUM = /[A-Za-z0-9]/;

/**
 * The form in which a quote and a message are compared: invisible characters removed, curly quotes and
 * apostrophes straightened, dashes made `-`, runs of whitespace made one space. Case is kept.
 */
export function normalizeForMatch(text: string): string {
  return stripInvisible(text)
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether `quote` occurs in `message`, tolerant of whitespace runs, curly vs straight quotes, dashes, a
 * leading or trailing ellipsis, and an ellipsis inside the quote that stands for omitted text (the parts
 * must then occur in order). Case must match. A quote wrapped in quotation marks may match without them.
 */
export function quoteOccursIn(quote: string, message: string): boolean {
  // Fast path for the usual case, a quote copied verbatim: normalising is character-wise (plus collapsing
  // whitespace runs and trimming), so a verbatim substring with a letter or digit is also found below.
  if (HAS_ALNUM.test(quote) && message.includes(quote)) return true;
  const haystack = normalizeForMatch(message);
  const candidates = [normalizeForMatch(quote)];
  const q = candidates[0]!;
  if (q.length >= 2 && ((q.startsWith('"') && q.endsWith('"')) || (q.startsWith("'") && q.endsWith("'")))) {
    candidates.push(q.slice(1, -1).trim());
  }
  return candidates.some((candidate) => partsOccurInOrder(candidate, haystack));
}

function partsOccurInOrder(quote: string, haystack: string): boolean {
  const parts = quote
    .split(ELLIPSIS)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return false;
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/**
 * Checks every quote against the message it cites in the (original, unredacted) transcript and sets
 * `verified`. An unverified quote is kept (`verified: false`) so reviewers can see what the judge claimed.
 */
export function verifyEvidence(evidence: readonly Evidence[], transcript: Transcript): Evidence[] {
  return evidence.map((e) => {
    const message = Number.isInteger(e.message) ? transcript.messages[e.message] : undefined;
    return { message: e.message, quote: e.quote, verified: message !== undefined && quoteOccursIn(e.quote, message.text) };
  });
}

/** Whether a verdict cites any quote that was checked and not found. */
export function hasUnverifiedEvidence(verdict: Pick<Verdict, 'evidence'>): boolean {
  return verdict.evidence.some((e) => e.verified === false);
}
