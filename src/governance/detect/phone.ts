import { digitsOf, matchAll, type DetectedSpan } from './span.js';

/** Optional +country, optional (area), then 2–4 digit groups separated by space, dot or dash; not the tail of a reference like `INV-2026-10-4471`. */
const CANDIDATE = /(?<![\w+]|\w[-/.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,5}(?![\w]|[.-]\d)/g;
/** Words that make a bare run of digits a phone number. */
const CONTEXT = /\b(phone|tel|telephone|mobile|cell|call|text|sms|whatsapp|fax|reach|contact|number|ring)\b/i;
/** A label right before the digits that says they are a reference, not a phone number. */
const REFERENCE_LABEL =
  /\b(?:order|case|reference|ref|ticket|account|acct|tracking|invoice|confirmation|booking|claim|policy|serial|model|item|sku|transaction|iban|id)\s*(?:number|no\.?|num|#|id)?\s*[:#]?\s*$/i;
/** The start of an IBAN written in groups ("NL91 ABNA "): the digits after it are its tail, not a phone. */
const IBAN_HEAD = /\b[A-Z]{2}\d{2}(?: [A-Z0-9]{4})+ $/i;
/** AAA-GG-SSSS is the shape of an SSN, not of a phone number. */
const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
const DATE_OR_TIME = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/;

/**
 * Phone numbers: 7–15 digits (E.164 allows 15) written like a phone number. Accepted when the number has
 * a `+` country prefix, an `(area)` code, or separators and at least 10 digits; a bare run of digits only
 * with a phone word ("call", "mobile", "number", ...) in the 30 characters before it, or with
 * `assumeContext` (text known to be about contact details). Dates, SSN-shaped numbers, national numbers
 * longer than 11 digits, numbers labelled as a reference ("order no. 5551234567") and IBAN tails are not phones.
 */
export function detectPhones(text: string, opts: { assumeContext?: boolean; bareNational?: boolean } = {}): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of matchAll(CANDIDATE, text)) {
    const digits = digitsOf(m.match);
    if (digits.length < 7 || digits.length > 15) continue;
    if (DATE_OR_TIME.test(m.match) || SSN_SHAPE.test(m.match)) continue;
    const international = m.match.startsWith('+');
    // National numbers have at most 11 digits (1 555 123 4567, 020 7946 0958); longer runs are references.
    if (!international && digits.length > 11) continue;
    if (!international && REFERENCE_LABEL.test(text.slice(Math.max(0, m.start - 40), m.start))) continue;
    if (IBAN_HEAD.test(text.slice(Math.max(0, m.start - 40), m.start))) continue;
    const formatted = international || m.match.includes('(') || (/[ .-]/.test(m.match) && digits.length >= 10);
    // `bareNational`: a bare run of 10 digits (11 starting with 1) is taken as a phone number without a phone word.
    const bare = opts.bareNational === true && (digits.length === 10 || (digits.length === 11 && digits.startsWith('1')));
    const context = opts.assumeContext === true || bare || CONTEXT.test(text.slice(Math.max(0, m.start - 30), m.start));
    if (!formatted && !context) continue;
    out.push({ type: 'phone', start: m.start, end: m.end, match: m.match, normalized: digits });
  }
  return out;
}

/**
 * Whether two phone numbers (digits only) are the same line: equal, or one is the other with a country
 * prefix (`+1 555…` vs `555…`), comparing at least 7 digits.
 */
export function samePhone(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 7 && long.endsWith(short) && long.length - short.length <= 3;
}
