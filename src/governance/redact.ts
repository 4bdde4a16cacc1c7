import { detectSensitive, type DetectedSpan, type SensitiveType } from './detect/index.js';
import type { Transcript } from '../transcript/schema.js';

/** What `redact:` in a rubric may list. */
export type RedactType = SensitiveType;

export interface Redaction {
  /** A copy of the transcript with every detected value replaced by a placeholder such as `<EMAIL_1>`. */
  transcript: Transcript;
  /** Puts the original text back for every placeholder in `quote` (e.g. an evidence quote from a model). */
  restore(quote: string): string;
  /** Values replaced, per type (occurrences, not distinct values). */
  counts: Record<RedactType, number>;
  /** Placeholder → original text (as first written). */
  placeholders: ReadonlyMap<string, string>;
}

const PLACEHOLDER = /<(CARD|IBAN|SSN|EMAIL|PHONE|IP)_(\d+)>/g;

/**
 * Replaces sensitive data in every message (and in string metadata values) with placeholders that are
 * consistent within the transcript: the same address is `<EMAIL_1>` every time, a second one `<EMAIL_2>`.
 * Pure: the input transcript is not changed. Use before a transcript goes to a model; `restore` maps
 * placeholders in the model's evidence quotes back to the original text.
 */
export function redactTranscript(t: Transcript, types: readonly RedactType[]): Redaction {
  const byValue = new Map<string, string>();
  const original = new Map<string, string>();
  const next: Record<string, number> = {};
  const counts: Record<RedactType, number> = { card: 0, iban: 0, ssn: 0, email: 0, phone: 0, ip: 0 };

  const placeholderFor = (span: DetectedSpan): string => {
    const key = `${span.type}:${span.normalized}`;
    let p = byValue.get(key);
    if (!p) {
      const tag = span.type.toUpperCase();
      next[tag] = (next[tag] ?? 0) + 1;
      p = `<${tag}_${next[tag]}>`;
      byValue.set(key, p);
      original.set(p, span.match);
    }
    counts[span.type] += 1;
    return p;
  };

  const redactText = (text: string): string => {
    const spans = detectSensitive(text, types);
    if (spans.length === 0) return text;
    let out = '';
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start) + placeholderFor(s);
      at = s.end;
    }
    return out + text.slice(at);
  };

  const messages = t.messages.map((m) => ({ ...m, text: redactText(m.text) }));
  const redacted: Transcript = { ...t, messages };
  if (t.metadata) {
    redacted.metadata = Object.fromEntries(Object.entries(t.metadata).map(([k, v]) => [k, typeof v === 'string' ? redactText(v) : v]));
  }
  return {
    transcript: redacted,
    restore: (quote) => quote.replace(PLACEHOLDER, (p) => original.get(p) ?? p),
    counts,
    placeholders: original,
  };
}
