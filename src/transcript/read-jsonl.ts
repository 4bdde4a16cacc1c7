import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { InputError } from '../error/cxqa-error.js';
import { issuePath } from '../error/zod-issue.js';
import { transcriptSchema, type Transcript } from './schema.js';

/** One line of a transcript file: either a valid transcript or the error that line produced. */
export type TranscriptLine =
  | { ok: true; line: number; transcript: Transcript }
  | { ok: false; line: number; error: TranscriptLineError };

/** A line that is not a valid transcript. Names file, line and field; the id when it could be read. */
export class TranscriptLineError extends InputError<string> {
  readonly transcriptId: string | undefined;

  constructor(code: string, file: string, line: number, field: string | undefined, message: string, transcriptId?: string) {
    super(code, { file, line, ...(field ? { field } : {}) }, message);
    this.transcriptId = transcriptId;
  }
}

/** Input source name for messages: a path, or `<stdin>` for `-`. */
export function sourceName(input: string): string {
  return input === '-' ? '<stdin>' : input;
}

/** Limits on one input line; both protect a run from a single crafted line. */
export interface ReadLimits {
  /** Longest line read, in characters (UTF-16 code units; = bytes for ASCII JSON). Default {@link DEFAULT_MAX_LINE_CHARS}. */
  maxLineChars?: number;
  /** Deepest nesting of objects and arrays in a line (the transcript object itself is level 1). Default {@link DEFAULT_MAX_DEPTH}. */
  maxDepth?: number;
}

/** 5 MB of ASCII JSON: far above any real conversation, far below what exhausts memory. */
export const DEFAULT_MAX_LINE_CHARS = 5 * 1024 * 1024;
/** A transcript is 3 levels deep (object, `messages`, message); `metadata` gets the rest. */
export const DEFAULT_MAX_DEPTH = 32;

/**
 * Streams a JSONL file (or stdin for `-`) one line at a time; never holds the whole file.
 * Blank lines are skipped. A bad line yields `{ ok: false }` and reading goes on: invalid JSON or
 * transcript, a line longer than `limits.maxLineChars` (never held in memory whole), nesting deeper than
 * `limits.maxDepth`, and an `id` already seen on an earlier line of the same input (the first is kept; the
 * error names both lines).
 */
export async function* readTranscripts(input: string | Readable, name?: string, limits: ReadLimits = {}): AsyncGenerator<TranscriptLine> {
  const file = name ?? (typeof input === 'string' ? sourceName(input) : '<stream>');
  const stream = typeof input === 'string' ? (input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' })) : input;
  const maxLineChars = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  async function* lines(): AsyncGenerator<TranscriptLine> {
    let lineNo = 0;
    for await (const raw of splitLines(stream, maxLineChars)) {
      lineNo += 1;
      if (typeof raw !== 'string') {
        const message = `line too long: ${raw.chars.toLocaleString('en-US')} characters or more, the limit is ${maxLineChars.toLocaleString('en-US')} (--max-line-mb); the line was skipped`;
        yield { ok: false, line: lineNo, error: new TranscriptLineError('TRANSCRIPT_TOO_LONG', file, lineNo, undefined, message) };
        continue;
      }
      const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      yield parseTranscriptLine(text, file, lineNo, { maxDepth });
    }
  }
  yield* rejectDuplicateIds(lines(), file);
}

/**
 * Passes the lines on, except that a transcript whose `id` was already seen on an earlier line becomes an error
 * (`TRANSCRIPT_DUPLICATE_ID`, naming both lines): the first one is kept.
 */
export async function* rejectDuplicateIds(lines: AsyncIterable<TranscriptLine>, file: string): AsyncGenerator<TranscriptLine> {
  /** Line of the first occurrence of every id read so far. */
  const firstLine = new Map<string, number>();
  for await (const parsed of lines) {
    if (parsed.ok) {
      const id = parsed.transcript.id;
      const first = firstLine.get(id);
      if (first !== undefined) {
        const message = `duplicate transcript id "${id.length > 80 ? `${id.slice(0, 80)}…` : id}": already on line ${first}; the first one is kept and this line is skipped`;
        yield { ok: false, line: parsed.line, error: new TranscriptLineError('TRANSCRIPT_DUPLICATE_ID', file, parsed.line, 'id', message, id) };
        continue;
      }
      firstLine.set(id, parsed.line);
    }
    yield parsed;
  }
}

/** A line longer than the limit: not kept, only its length (counted up to where reading it stopped). */
export interface OverlongLine {
  overlong: true;
  chars: number;
}

/**
 * The lines of a text stream (LF or CRLF), pulled one chunk at a time as the consumer asks for lines.
 * Unlike `readline`'s async iterator, which reads ahead and queues up to a thousand lines, nothing is read
 * before it is needed: queued lines outlive the young generation, so every input byte would pass through the
 * old heap and peak memory would rise with throughput.
 *
 * With `maxLineChars`, a longer line is not accumulated: its characters are dropped as they arrive and an
 * {@link OverlongLine} stands for it. Work and memory stay linear in the input (a line in pieces is joined
 * once, not re-concatenated per chunk).
 */
export function splitLines(stream: Readable | AsyncIterable<string>): AsyncGenerator<string>;
export function splitLines(stream: Readable | AsyncIterable<string>, maxLineChars: number): AsyncGenerator<string | OverlongLine>;
export async function* splitLines(stream: Readable | AsyncIterable<string>, maxLineChars = Infinity): AsyncGenerator<string | OverlongLine> {
  if ('setEncoding' in stream && !stream.readableEncoding) stream.setEncoding('utf8');
  let parts: string[] = [];
  let partsLength = 0;
  /** Characters of the current line dropped because it is over the limit (-1: not over). */
  let dropped = -1;
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      if (dropped >= 0 || partsLength + (nl - start) > maxLineChars + 1) {
        yield { overlong: true, chars: (dropped >= 0 ? dropped : partsLength) + (nl - start) };
      } else {
        const line = partsLength === 0 ? chunk.slice(start, nl) : parts.join('') + chunk.slice(start, nl);
        yield line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      parts = [];
      partsLength = 0;
      dropped = -1;
      start = nl + 1;
    }
    const rest = chunk.length - start;
    if (rest === 0) continue;
    if (dropped >= 0) dropped += rest;
    else if (partsLength + rest > maxLineChars + 1) {
      dropped = partsLength + rest;
      parts = [];
      partsLength = 0;
    } else {
      parts.push(start === 0 ? chunk : chunk.slice(start));
      partsLength += rest;
    }
  }
  if (dropped >= 0) yield { overlong: true, chars: dropped };
  else if (partsLength > 0) {
    const line = parts.join('');
    yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
}

export function parseTranscriptLine(text: string, file: string, line: number, limits: Pick<ReadLimits, 'maxDepth'> = {}): TranscriptLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, line, error: new TranscriptLineError('TRANSCRIPT_JSON', file, line, undefined, `not valid JSON: ${detail}`) };
  }
  return parseTranscriptValue(json, file, line, limits);
}

/** Checks a parsed JSON value (nesting depth, then the transcript schema) as if it were line `line` of `file`. */
export function parseTranscriptValue(json: unknown, file: string, line: number, limits: Pick<ReadLimits, 'maxDepth'> = {}): TranscriptLine {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const deep = pathDeeperThan(json, maxDepth);
  if (deep) {
    const id = idOf(json);
    const message = `nested more than ${maxDepth} levels deep; flatten it (the line was skipped)`;
    return { ok: false, line, error: new TranscriptLineError('TRANSCRIPT_TOO_DEEP', file, line, shortPath(deep), message, id) };
  }
  const parsed = transcriptSchema.safeParse(json);
  if (parsed.success) return { ok: true, line, transcript: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issuePath(issue.path) || undefined;
  const id = idOf(json);
  const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : '';
  const extra = describeReceived(json, issue.path);
  return {
    ok: false,
    line,
    error: new TranscriptLineError('TRANSCRIPT_INVALID', file, line, field, `${issue.message}${extra}${more}`, id),
  };
}

function idOf(json: unknown): string | undefined {
  return json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : undefined;
}

/**
 * The path to the first object or array nested deeper than `maxDepth` (the root is level 1), or undefined.
 * Iterative (an explicit stack), so no input can exhaust the call stack.
 */
export function pathDeeperThan(root: unknown, maxDepth: number): (string | number)[] | undefined {
  if (root === null || typeof root !== 'object') return undefined;
  const stack: { value: object; depth: number; path: (string | number)[] }[] = [{ value: root, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (depth > maxDepth) return path;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, path: [...path.slice(0, 8), key] });
    }
  }
  return undefined;
}

/** The first levels of a deep path, e.g. `metadata.a.a.a…`. */
function shortPath(path: (string | number)[]): string {
  const head = issuePath(path.slice(0, 6));
  return path.length > 6 ? `${head}…` : head;
}

/** ", got \"robot\"" for a bad scalar, so the user sees the offending value beside the rule. */
function describeReceived(root: unknown, path: readonly PropertyKey[]): string {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<PropertyKey, unknown>)[key as string];
  }
  if (typeof cur === 'string') return `, got ${JSON.stringify(cur.length > 40 ? `${cur.slice(0, 40)}…` : cur)}`;
  if (typeof cur === 'number' || typeof cur === 'boolean') return `, got ${String(cur)}`;
  return '';
}
