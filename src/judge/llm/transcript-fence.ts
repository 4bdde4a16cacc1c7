import { randomBytes } from 'node:crypto';
import type { Message, Transcript } from '../../transcript/schema.js';

/**
 * Invisible characters that can hide or reorder text a model reads: zero-width characters
 * (U+200B–U+200F, U+2060–U+2064, U+FEFF), bidi controls (U+202A–U+202E, U+2066–U+2069) and Unicode tag
 * characters (U+E0000–U+E007F).
 */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]|\uDB40[\uDC00-\uDC7F]/g;

/** Any tag that looks like a transcript fence: `<transcript-…>`, `</transcript_…>`, `< / transcript >`. */
const FENCE_LIKE_TAG = /<\s*\/?\s*transcript(?:[\s\-_][^<>]*)?\s*\/?\s*>/gi;

/** Removes the invisible characters of {@link INVISIBLE}. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** A fresh boundary tag name for one call, e.g. `transcript-7f3a9c0e12b4d5a6`. */
export function newBoundary(): string {
  return `transcript-${randomBytes(8).toString('hex')}`;
}

/**
 * Makes message text safe to place inside the data fence: invisible characters removed, then every
 * occurrence of the boundary and of any transcript-like tag removed, repeated until nothing changes
 * (removing one tag must not leave another behind, as in `<transcr<transcript-x>ipt-y>`).
 */
export function sanitizeMessageText(text: string, boundary: string): string {
  let out = stripInvisible(text);
  for (;;) {
    const next = out.replace(FENCE_LIKE_TAG, '').split(boundary).join('');
    if (next === out) return out;
    out = next;
  }
}

function roleLabel(message: Message): string {
  return message.event ? `${message.role} (event: ${sanitizeLabel(message.event)})` : message.role;
}

function sanitizeLabel(text: string): string {
  return stripInvisible(text).replace(/[<>\r\n[\]]/g, ' ').trim();
}

/**
 * The transcript as the model sees it: one entry per message, `[n] role: text`, numbered from 0 as in the
 * transcript. Continuation lines of a message are indented, so no message can fake the start of another.
 */
export function formatTranscript(transcript: Transcript, boundary: string): string {
  return transcript.messages
    .map((m, i) => {
      const text = sanitizeMessageText(m.text, boundary).replace(/\r\n?/g, '\n').split('\n').join('\n    ');
      return `[${i}] ${roleLabel(m)}: ${text}`;
    })
    .join('\n');
}
