import { digitsOf, matchAll, type DetectedSpan } from './span.js';

/** 13–19 digits, optionally grouped by single spaces, dashes or dots, not glued to other digits. */
const CANDIDATE = /(?<!\d[ .-]?)\d(?:[ .-]?\d){12,18}(?![ .-]?\d)/g;

/** The Luhn (mod-10) checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Payment card numbers (PANs): 13–19 digits that pass Luhn. A 16-digit order number that fails Luhn is
 * not a card; neither is a run of one repeated digit (which passes Luhn trivially).
 */
export function detectCards(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of matchAll(CANDIDATE, text)) {
    const digits = digitsOf(m.match);
    if (digits.length < 13 || digits.length > 19) continue;
    if (/^(\d)\1+$/.test(digits)) continue;
    if (!luhnValid(digits)) continue;
    out.push({ type: 'card', start: m.start, end: m.end, match: m.match, normalized: digits });
  }
  return out;
}
