import { randomBytes } from 'node:crypto';
import type { Message, Transcript } from '../../transcript/schema.js';

/**
 * Invisible characters that can hide or reorder text a model reads: zero-width characters
 * (U+200B–U+200F, U+2060–U+2064, U+FEFF), bidi controls (U+202A–U+202E, U+2066–U+2069) and Unicode tag
 * characters (U+E0000–U+E007F).
 */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]|\uDB40[\uDC00-\uDC7F]/g;

/** Characters that open or close a tag, as a model reads them (ASCII and the full-width and small forms). */
const TAG_OPEN = new Set(['<', '\uFF1C', '\uFE64']);
const TAG_CLOSE = new Set(['>', '\uFF1E', '\uFE65']);

/** Counts the work of {@link sanitizeMessageText} (characters examined), so tests can bound it by input size. */
export interface SanitizeStats {
  steps: number;
}

/** Removes the invisible characters of {@link INVISIBLE}. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** A fresh boundary tag name for one call, e.g. `transcript-7f3a9c0e12b4d5a6`. */
export function newBoundary(): string {
  return `transcript-${randomBytes(8).toString('hex')}`;
}

/**
 * Makes message text safe to place inside the data fence: invisible characters removed, then every tag that
 * looks like a transcript fence (`<transcript-…>`, `</transcript_…>`,
 * `< / TRANSCRIPT >`, full-width `＜transcript＞`) removed — including tags that only appear once another is
 * removed, as in `<transcr<transcript-x>ipt-y>` — then every bare occurrence of the boundary.
 *
 * Linear in the length of the text (no regular expression with backtracking; one pass with a stack of the
 * open `<` positions): each character is appended once and examined at most once more, when the `>` after it
 * is checked. `stats.steps` counts those examinations.
 */
export function sanitizeMessageText(text: string, boundary: string, stats?: SanitizeStats): string {
  const counter = stats ?? { steps: 0 };
  const once = removeFenceTags(stripInvisible(text), counter);
  if (!boundary || !once.includes(boundary)) return once;
  // The bare boundary goes too; what its removal joins up is checked once more.
  return removeFenceTags(once.split(boundary).join(''), counter);
}

function removeFenceTags(input: string, stats: SanitizeStats): string {
  const out: string[] = [];
  /** Positions in `out` of `<` characters with no `>` after them: where a fence-like tag could start. */
  const open: number[] = [];
  let steps = 0;
  for (const ch of input) {
    steps += 1;
    if (TAG_OPEN.has(ch)) {
      open.push(out.length);
      out.push(ch);
      continue;
    }
    if (TAG_CLOSE.has(ch) && open.length > 0) {
      const start = open[open.length - 1]!;
      steps += out.length - start;
      if (isFenceLikeTag(out, start)) {
        out.length = start; // the tag goes; an earlier open `<` may now start another one
        open.pop();
        continue;
      }
      open.length = 0; // a `>` that closes no fence tag: no tag can span across it
    }
    out.push(ch);
  }
  stats.steps += steps;
  return out.join('');
}

/**
 * Whether `out[start..]` followed by `>` is a fence-like tag: `<`, optional spaces, optional `/`, optional
 * spaces, `transcript` (any case, NFKC-normalised), then nothing but spaces and an optional `/`, or a space,
 * `-` or `_` followed by anything (the segment holds no other `<` or `>`).
 */
function isFenceLikeTag(out: readonly string[], start: number): boolean {
  let i = start + 1;
  const skipSpaces = () => {
    while (i < out.length && isSpace(out[i]!)) i += 1;
  };
  skipSpaces();
  if (out[i] === '/') i += 1;
  skipSpaces();
  const name = 'transcript';
  let word = '';
  while (i < out.length && word.length < name.length) word += out[i++]!.normalize('NFKC').toLowerCase();
  if (word !== name) return false;
  if (i === out.length) return true;
  const next = out[i]!;
  if (next === '-' || next === '_' || isSpace(next)) return true;
  if (next !== '/') return false;
  i += 1;
  skipSpaces();
  return i === out.length;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || (ch > '\u007f' && /^\s$/u.test(ch));
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
