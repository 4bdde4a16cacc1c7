import { digitsOf, matchAll, type DetectedSpan } from './span.js';

/** AAA-GG-SSSS, with dashes, spaces or nothing between the parts, not glued to other digits. */
const CANDIDATE = /(?<!\d[- ]?)(\d{3})([- ]?)(\d{2})\2(\d{4})(?![- ]?\d)/g;
/** Words that make a 9-digit number an SSN. */
const CONTEXT = /\b(?:ssns?|ss#|social[ -]security)(?![A-Za-z])/gi;
/** How far (characters) from the number a context word may be. */
const CONTEXT_WINDOW = 40;

/** The SSA's rules: area not 000, 666 or 900–999; group not 00; serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (group === '00') return false;
  return serial !== '0000';
}

/**
 * US Social Security numbers: a valid AAA-GG-SSSS number with a context word ("SSN", "social security")
 * within 40 characters before or after it. A bare 9-digit number is not reported.
 */
export function detectSsns(text: string): DetectedSpan[] {
  const contexts = [...matchAll(CONTEXT, text)];
  if (contexts.length === 0) return [];
  const out: DetectedSpan[] = [];
  for (const m of matchAll(CANDIDATE, text)) {
    if (!ssnValid(m.groups[1]!, m.groups[3]!, m.groups[4]!)) continue;
    const near = contexts.some((c) => distance(c, m) <= CONTEXT_WINDOW);
    if (!near) continue;
    out.push({ type: 'ssn', start: m.start, end: m.end, match: m.match, normalized: digitsOf(m.match) });
  }
  return out;
}

/** Characters between two spans (0 when they touch or overlap). */
function distance(a: { start: number; end: number }, b: { start: number; end: number }): number {
  if (a.end <= b.start) return b.start - a.end;
  if (b.end <= a.start) return a.start - b.end;
  return 0;
}
