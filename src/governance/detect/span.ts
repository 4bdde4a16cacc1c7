/** The kinds of sensitive data cxqa can detect. */
export type SensitiveType = 'card' | 'iban' | 'ssn' | 'email' | 'phone' | 'ip';

/** One detected occurrence of sensitive data inside a text: `text.slice(start, end) === match`. */
export interface DetectedSpan {
  type: SensitiveType;
  start: number;
  end: number;
  /** The text as written, separators included. */
  match: string;
  /** A canonical form for comparing occurrences: digits only, upper-case IBAN, lower-case email. */
  normalized: string;
}

/** Every match of a global regex in `text`, as [start, end, text] triples. */
export function* matchAll(re: RegExp, text: string): Generator<{ start: number; end: number; match: string; groups: RegExpExecArray }> {
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    if (m[0] === '' || m.index === undefined) continue;
    yield { start: m.index, end: m.index + m[0].length, match: m[0], groups: m as unknown as RegExpExecArray };
  }
}

/** Digits of a string, in order. */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/**
 * Keeps the spans that do not overlap an earlier-chosen one. Spans are taken by start position; at the same
 * start the longer span wins. Used when several detectors claim the same characters.
 */
export function dropOverlaps(spans: readonly DetectedSpan[], priority: readonly SensitiveType[] = []): DetectedSpan[] {
  const rank = (t: SensitiveType) => {
    const i = priority.indexOf(t);
    return i === -1 ? priority.length : i;
  };
  const sorted = [...spans].sort((a, b) => rank(a.type) - rank(b.type) || a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: DetectedSpan[] = [];
  for (const s of sorted) {
    if (kept.some((k) => s.start < k.end && k.start < s.end)) continue;
    kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start);
}
