import { matchAll, type DetectedSpan } from './span.js';

const CANDIDATE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

/** Email addresses. `normalized` is lower-case, so the same address written differently compares equal. */
export function detectEmails(text: string): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  for (const m of matchAll(CANDIDATE, text)) {
    out.push({ type: 'email', start: m.start, end: m.end, match: m.match, normalized: m.match.toLowerCase() });
  }
  return out;
}
