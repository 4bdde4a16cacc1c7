import type { Evidence, Verdict } from '../values/verdict.js';
import type { Transcript } from '../transcript/schema.js';
import { maskValue } from './detect/mask.js';
import { SENSITIVE_TYPES, type SensitiveType } from './detect/index.js';
import { redactTranscript, type ReplacedSpan } from './redact.js';

/**
 * What `store.text` in `cxqa.config.yaml` keeps of a transcript body: `redacted` (the default) with every card,
 * IBAN, SSN, email, phone number and IP replaced by a placeholder (`<CARD_1>`), `full` as it was read, `none`
 * nothing (its content hash and outline only). Evidence quotes and rationales are stored redacted in every mode.
 */
export const STORE_TEXT_MODES = ['redacted', 'full', 'none'] as const;
export type StoreTextMode = (typeof STORE_TEXT_MODES)[number];

const PLACEHOLDER_SPLIT = /(<(?:CARD|IBAN|SSN|EMAIL|PHONE|IP)_\d+>)/;
const NUMBERED = /<(CARD|IBAN|SSN|EMAIL|PHONE|IP)_\d+>/g;
/**
 * Cheap pre-check of {@link residual}: every detector needs a digit, an `@`, a colon (IPv6) or, for a spelled-out
 * email, the word `at`; text with any non-ASCII character (full-width or other-script digits) is always checked.
 * Most rationales pass none of these and skip the detectors.
 */
const MAY_HOLD_VALUE = /[\d@:]|\bat\b|[^\x00-\x7F]/i;

/** A transcript's text as it is kept at rest, and the same replacement for text from judges about it. */
export interface AtRestText {
  /** The body to store (JSON), or null (`store.text: none`). */
  bodyJson: string | null;
  /**
   * The transcript without message text (roles, times, events, author, survey, metadata, redacted): what outcome
   * metrics need once a body is purged or was never stored.
   */
  outlineJson: string;
  /** A text from a judge (rationale, error message): every value of the transcript as its placeholder, any other detected one as `<CARD>`, `<EMAIL>`, .... */
  text(s: string): string;
  /**
   * An evidence quote from message `message`: a quote taken verbatim from the original message becomes the
   * same stretch of the redacted message (widened over any value it cuts), so it still matches the stored body;
   * any other quote is redacted like {@link text}.
   */
  quote(message: number, quote: string): string;
  /** A verdict with its rationale, evidence quotes and error message redacted. */
  verdict(v: Verdict): Verdict;
}

/** Redacts a transcript for storage with the detectors used before model calls (every type), once per transcript. */
export function redactAtRest(t: Transcript, mode: StoreTextMode = 'redacted'): AtRestText {
  const redaction = redactTranscript(t, SENSITIVE_TYPES);
  const redacted = redaction.transcript;
  // Every surface form of a value (as written, and as a rule's evidence masks it) to its placeholder; longest first.
  const replacements = new Map<string, string>();
  for (const [surface, placeholder] of redaction.surfaces) {
    replacements.set(surface, placeholder);
    const masked = maskValue(typeOf(placeholder), surface);
    if (masked !== surface && !replacements.has(masked)) replacements.set(masked, placeholder);
  }
  const ordered = [...replacements].sort((a, b) => b[0].length - a[0].length);

  const text = (s: string): string => {
    if (s === '') return s;
    let out = s;
    for (const [from, to] of ordered) if (out.includes(from)) out = out.split(from).join(to);
    return out
      .split(PLACEHOLDER_SPLIT)
      .map((part, i) => (i % 2 === 1 ? part : residual(part)))
      .join('');
  };

  const quote = (message: number, q: string): string => {
    const original = Number.isInteger(message) ? t.messages[message]?.text : undefined;
    if (original === undefined || q === '') return text(q);
    const at = original.indexOf(q);
    if (at < 0) return text(q);
    return sliceRedacted(original, redaction.messageSpans[message] ?? [], at, at + q.length);
  };

  const verdict = (v: Verdict): Verdict => {
    const evidence: Evidence[] = v.evidence.map((e) => ({ ...e, quote: quote(e.message, e.quote) }));
    return { ...v, rationale: text(v.rationale), evidence, error: v.error ? { ...v.error, message: text(v.error.message) } : null };
  };

  const outline: Transcript = { ...redacted, messages: redacted.messages.map((m) => ({ ...m, text: '' })) };
  return {
    bodyJson: mode === 'none' ? null : JSON.stringify(mode === 'full' ? t : redacted),
    outlineJson: JSON.stringify(outline),
    text,
    quote,
    verdict,
  };
}

/** `text` from `start` to `end` as the redacted message has it, widened to whole values where a span is cut. */
function sliceRedacted(text: string, spans: readonly ReplacedSpan[], start: number, end: number): string {
  let from = start;
  let to = end;
  for (const s of spans) {
    if (s.start < to && s.end > from) {
      from = Math.min(from, s.start);
      to = Math.max(to, s.end);
    }
  }
  let out = '';
  let at = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to || s.start < at) continue;
    out += text.slice(at, s.start) + s.placeholder;
    at = s.end;
  }
  return out + text.slice(at, to);
}

/** Sensitive values in a text that are not the transcript's own: replaced by an unnumbered placeholder (`<CARD>`). */
function residual(s: string): string {
  if (!MAY_HOLD_VALUE.test(s)) return s;
  const one: Transcript = { id: '-', channel: 'chat', started_at: '1970-01-01T00:00:00Z', customer_id: '-', messages: [{ role: 'agent', text: s }] };
  const r = redactTranscript(one, SENSITIVE_TYPES);
  return r.transcript.messages[0]!.text.replace(NUMBERED, '<$1>');
}

function typeOf(placeholder: string): SensitiveType {
  return placeholder.slice(1, placeholder.indexOf('_')).toLowerCase() as SensitiveType;
}
