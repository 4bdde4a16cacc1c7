import { luhnValid } from './detect/card.js';
import { detectSensitive, type DetectedSpan, type SensitiveType } from './detect/index.js';
import { normalizeForDetection, type NormalizedText } from './detect/normalize-text.js';
import { samePhone } from './detect/phone.js';
import { dropOverlaps } from './detect/span.js';
import { SENSITIVE_TYPES } from './detect/index.js';
import { detectSpelledEmails } from './detect/spelled-email.js';
import { ssnValid } from './detect/ssn.js';
import type { Message, Transcript } from '../transcript/schema.js';

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
  /** Every text replaced, as written each time (`4111 1111 …` and `4111-1111-…` both), → its placeholder. */
  surfaces: ReadonlyMap<string, string>;
  /** Per message, the stretches of its original `text` that were replaced, in text order. */
  messageSpans: readonly (readonly ReplacedSpan[])[];
}

/** A stretch `[start, end)` of an original text that the redacted text has as `placeholder`. */
export interface ReplacedSpan {
  start: number;
  end: number;
  placeholder: string;
}

const PLACEHOLDER = /<(CARD|IBAN|SSN|EMAIL|PHONE|IP)_(\d+)>/g;
/** Words that make a 9-digit number an SSN (as in `detect/ssn.ts`), looked for in either half of a split one. */
const SSN_CONTEXT = /\b(?:ssns?|ss#|social[ -]security)(?![A-Za-z])/i;
/** Metadata nested deeper than this is left as it is (transcripts are at most 32 levels deep when read). */
const MAX_METADATA_DEPTH = 32;

/** One text field of a transcript that may carry personal data. */
interface Field {
  text: string;
  norm: NormalizedText;
  spans: DetectedSpan[];
}

/**
 * Replaces sensitive data in every text field — message `text`, `event` and `author`, and every string in
 * `metadata` — with placeholders that are consistent within the transcript: the same address is `<EMAIL_1>`
 * every time, a second one `<EMAIL_2>`. Pure: the input transcript is not changed. Use before a transcript
 * goes to a model (and before it is stored); `restore` maps placeholders in the model's evidence quotes back
 * to the original text.
 *
 * Beyond what each detector finds on its own:
 * - text is normalised first (Unicode digits, no-break spaces, dashes, full-width forms; see
 *   `normalize-text.ts`), and card numbers may be grouped with dots;
 * - a value found once is redacted **everywhere** in the transcript, also where it appears without the
 *   context that made it recognisable (an SSN echoed back as "I have noted 536-22-1234");
 * - a value split over two consecutive messages (the end of one, the start of the next) is put together
 *   and both halves are redacted;
 * - emails spelled out (`john dot doe at example dot com`, `john(at)example(dot)com`) and bare 10-digit
 *   phone numbers are redacted too.
 */
export function redactTranscript(t: Transcript, types: readonly RedactType[]): Redaction {
  const wanted = new Set(types);
  const byValue = new Map<string, string>();
  const original = new Map<string, string>();
  const next: Record<string, number> = {};
  const counts: Record<RedactType, number> = { card: 0, iban: 0, ssn: 0, email: 0, phone: 0, ip: 0 };

  const field = (text: string): Field => {
    const norm = normalizeForDetection(text);
    const spans = detectSensitive(norm.text, types, { bareNationalPhones: true });
    if (wanted.has('email')) spans.push(...detectSpelledEmails(norm.text));
    return { text, norm, spans };
  };

  // Pass 1: what each field shows on its own.
  const messageFields = t.messages.map((m) => ({
    text: field(m.text),
    event: m.event !== undefined ? field(m.event) : undefined,
    author: m.author !== undefined ? field(m.author) : undefined,
  }));
  const metadataFields = new Map<string, Field>();
  if (t.metadata) forEachString(t.metadata, (s) => metadataFields.set(s, metadataFields.get(s) ?? field(s)));
  const all: Field[] = [
    ...messageFields.flatMap((f) => [f.text, f.event, f.author].filter((x): x is Field => x !== undefined)),
    ...metadataFields.values(),
  ];

  // Values split over the end of one message and the start of the next.
  for (let i = 0; i + 1 < messageFields.length; i++) joinSplitValue(messageFields[i]!.text, messageFields[i + 1]!.text, wanted);

  // Pass 2: every value seen anywhere, wherever else it occurs.
  const known = knownValues(all);
  for (const f of all) f.spans.push(...findKnown(f.norm.text, known));

  const surfaces = new Map<string, string>();
  const redactField = (f: Field, replaced?: ReplacedSpan[]): string => {
    const spans = dropOverlaps(f.spans, SENSITIVE_TYPES).filter((s) => wanted.has(s.type));
    if (spans.length === 0) return f.text;
    let out = '';
    let at = 0;
    for (const s of spans) {
      const start = f.norm.map[s.start]!;
      const end = f.norm.map[s.end]!;
      if (start < at) continue;
      const surface = f.text.slice(start, end);
      const placeholder = placeholderFor(s.type, s.normalized, surface);
      surfaces.set(surface, placeholder);
      replaced?.push({ start, end, placeholder });
      out += f.text.slice(at, start) + placeholder;
      at = end;
    }
    return out + f.text.slice(at);
  };

  const placeholderFor = (type: SensitiveType, normalized: string, match: string): string => {
    const key = `${type}:${type === 'phone' ? phoneKey(normalized, byValue) : normalized}`;
    let p = byValue.get(key);
    if (!p) {
      const tag = type.toUpperCase();
      next[tag] = (next[tag] ?? 0) + 1;
      p = `<${tag}_${next[tag]}>`;
      byValue.set(key, p);
      original.set(p, match);
    }
    counts[type] += 1;
    return p;
  };

  const messageSpans: ReplacedSpan[][] = [];
  const messages = t.messages.map((m, i): Message => {
    const f = messageFields[i]!;
    const replaced: ReplacedSpan[] = [];
    messageSpans.push(replaced);
    const out: Message = { ...m, text: redactField(f.text, replaced) };
    if (f.event && m.event !== undefined) out.event = redactField(f.event);
    if (f.author && m.author !== undefined) out.author = redactField(f.author);
    return out;
  });
  const redacted: Transcript = { ...t, messages };
  if (t.metadata) redacted.metadata = mapStrings(t.metadata, (s) => redactField(metadataFields.get(s)!)) as Record<string, unknown>;
  return {
    transcript: redacted,
    restore: (quote) => quote.replace(PLACEHOLDER, (p) => original.get(p) ?? p),
    counts,
    placeholders: original,
    surfaces,
    messageSpans,
  };
}

/** The phone key already used for the same line (`+1 555…` and `555…` share a placeholder), else the digits. */
function phoneKey(digits: string, byValue: ReadonlyMap<string, string>): string {
  for (const key of byValue.keys()) {
    if (key.startsWith('phone:') && samePhone(key.slice(6), digits)) return key.slice(6);
  }
  return digits;
}

interface Known {
  /** Digit values by type (cards, SSNs, phones). */
  digits: { type: SensitiveType; value: string }[];
  /** Email addresses, lower-case. */
  emails: string[];
}

function knownValues(fields: readonly Field[]): Known {
  const digits = new Map<string, SensitiveType>();
  const emails = new Set<string>();
  for (const f of fields) {
    for (const s of f.spans) {
      if (s.type === 'card' || s.type === 'ssn' || s.type === 'phone') digits.set(s.normalized, digits.get(s.normalized) ?? s.type);
      else if (s.type === 'email') emails.add(s.normalized);
    }
  }
  return { digits: [...digits].map(([value, type]) => ({ type, value })), emails: [...emails] };
}

/** Occurrences in `text` of values already known: digit runs with the same digits, and the same email addresses. */
function findKnown(text: string, known: Known): DetectedSpan[] {
  const out: DetectedSpan[] = [];
  if (known.digits.length > 0) {
    for (const run of digitRuns(text)) {
      const hit = known.digits.find((k) => (k.type === 'phone' ? samePhone(k.value, run.digits) : k.value === run.digits));
      if (hit) out.push({ type: hit.type, start: run.start, end: run.end, match: text.slice(run.start, run.end), normalized: hit.value });
    }
  }
  if (known.emails.length > 0) {
    const lower = text.toLowerCase();
    for (const email of known.emails) {
      for (let at = lower.indexOf(email); at !== -1; at = lower.indexOf(email, at + email.length)) {
        const end = at + email.length;
        if (isEmailChar(lower[at - 1]) || isEmailChar(lower[end])) continue;
        out.push({ type: 'email', start: at, end, match: text.slice(at, end), normalized: email });
      }
    }
  }
  return out;
}

function isEmailChar(ch: string | undefined): boolean {
  return ch !== undefined && /[a-z0-9._%+-]/.test(ch);
}

interface DigitRun {
  start: number;
  end: number;
  digits: string;
}

/** Runs of digits, single spaces, dots, dashes or slashes between them allowed (`536-22-1234`, `4111.1111…`). One pass. */
function digitRuns(text: string): DigitRun[] {
  const out: DigitRun[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i])) {
      i += 1;
      continue;
    }
    const start = i;
    let digits = '';
    let end = i;
    while (i < text.length) {
      if (isDigit(text[i])) {
        digits += text[i];
        i += 1;
        end = i;
      } else if (isSeparator(text[i]) && isDigit(text[i + 1])) i += 1;
      else break;
    }
    out.push({ start, end, digits });
  }
  return out;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isSeparator(ch: string | undefined): boolean {
  return ch === ' ' || ch === '-' || ch === '.' || ch === '/';
}

/**
 * A card, SSN or phone number whose first digits end one message and whose last digits start the next:
 * both halves get a span for the whole value (its digits as `normalized`).
 */
function joinSplitValue(a: Field, b: Field, wanted: ReadonlySet<SensitiveType>): void {
  const tail = edgeRun(a.norm.text, 'end');
  const head = edgeRun(b.norm.text, 'start');
  if (!tail || !head || tail.digits.length < 2 || head.digits.length < 2) return;
  const digits = tail.digits + head.digits;
  // A half already found on its own stays as it is, unless it was only taken for a phone number and the two
  // halves make a card or an SSN ("amex 3782-822463" / "10005").
  const inTail = (s: DetectedSpan) => s.end > tail.start;
  const inHead = (s: DetectedSpan) => s.start < head.end;
  const taken = a.spans.filter(inTail).concat(b.spans.filter(inHead));
  let type: SensitiveType | undefined;
  if (wanted.has('card') && digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) type = 'card';
  else if (
    wanted.has('ssn') &&
    digits.length === 9 &&
    ssnValid(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5)) &&
    (SSN_CONTEXT.test(a.norm.text) || SSN_CONTEXT.test(b.norm.text))
  ) type = 'ssn';
  else if (wanted.has('phone') && (digits.length === 10 || (digits.length === 11 && digits.startsWith('1')))) type = 'phone';
  if (!type) return;
  if (taken.length > 0) {
    if (type === 'phone' || taken.some((s) => s.type !== 'phone')) return;
    a.spans = a.spans.filter((s) => !inTail(s));
    b.spans = b.spans.filter((s) => !inHead(s));
  }
  a.spans.push({ type, start: tail.start, end: tail.end, match: a.norm.text.slice(tail.start, tail.end), normalized: digits });
  b.spans.push({ type, start: head.start, end: head.end, match: b.norm.text.slice(head.start, head.end), normalized: digits });
}

/** The digit run at the very start or end of a text (ignoring spaces and closing punctuation). */
function edgeRun(text: string, side: 'start' | 'end'): DigitRun | undefined {
  const runs = digitRuns(text);
  const run = side === 'start' ? runs[0] : runs[runs.length - 1];
  if (!run) return undefined;
  const outside = side === 'start' ? text.slice(0, run.start) : text.slice(run.end);
  return /^[\s.,;:!?)"'-]*$/.test(outside) ? run : undefined;
}

/** Calls `fn` on every string in a JSON value (objects and arrays, to {@link MAX_METADATA_DEPTH} levels). */
function forEachString(value: unknown, fn: (s: string) => void, depth = 0): void {
  if (typeof value === 'string') fn(value);
  else if (depth < MAX_METADATA_DEPTH && value !== null && typeof value === 'object') {
    for (const v of Array.isArray(value) ? value : Object.values(value)) forEachString(v, fn, depth + 1);
  }
}

/** A copy of a JSON value with every string replaced by `fn(string)`. */
function mapStrings(value: unknown, fn: (s: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return fn(value);
  if (depth >= MAX_METADATA_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, depth + 1)]));
}
