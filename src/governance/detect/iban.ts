import type { DetectedSpan } from './span.js';

/** IBAN length by country (ISO 13616 registry), for the countries cxqa recognises. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21,
  LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26,
  UA: 29, VG: 24, XK: 20,
};

/** Country code, two check digits, then alphanumerics optionally grouped by single spaces. */
const CANDIDATE = /(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})((?: ?[A-Za-z0-9]){10,30})/g;

/** ISO 7064 mod-97-10: move the first four characters to the end, letters → 10..35, remainder must be 1. */
export function ibanChecksumValid(iban: string): boolean {
  const s = iban.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/**
 * IBANs of the countries in {@link IBAN_LENGTHS}: exactly the country's length (spaces ignored) and a valid
 * mod-97 checksum. A mistyped IBAN (one wrong digit) fails the checksum and is not reported.
 */
export function detectIbans(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  const re = new RegExp(CANDIDATE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const found = ibanAt(text, m.index, m.index + m[0].length, m[1]!.toUpperCase());
    if (found) {
      out.push(found);
      re.lastIndex = found.end;
    } else {
      // The candidate may have swallowed the start of a real IBAN ("... or DE89..."): look again one later.
      re.lastIndex = m.index + 1;
    }
  }
  return out;
}

/** The IBAN starting at `start` (the candidate ends at `limit`), if it has the country's length and checksum. */
function ibanAt(text: string, start: number, limit: number, country: string): DetectedSpan | undefined {
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return undefined;
  // Read until `length` alphanumerics have been seen: trailing words are not part of the IBAN.
  let count = 0;
  let end = start;
  while (end < limit && count < length) {
    if (text[end] !== ' ') count += 1;
    end += 1;
  }
  if (count < length) return undefined;
  if (/[A-Za-z0-9]/.test(text[end] ?? '')) return undefined; // glued to more characters: not this IBAN
  const match = text.slice(start, end);
  const compact = match.replace(/ /g, '').toUpperCase();
  if (!ibanChecksumValid(compact)) return undefined;
  return { type: 'iban', start, end, match, normalized: compact };
}
