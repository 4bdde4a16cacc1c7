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
export class TranscriptLineError extends InputError {
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

/**
 * Streams a JSONL file (or stdin for `-`) one line at a time; never holds the whole file.
 * Blank lines are skipped. A bad line yields `{ ok: false }` and reading goes on.
 */
export async function* readTranscripts(input: string | Readable, name?: string): AsyncGenerator<TranscriptLine> {
  const file = name ?? (typeof input === 'string' ? sourceName(input) : '<stream>');
  const stream = typeof input === 'string' ? (input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' })) : input;
  let lineNo = 0;
  for await (const raw of splitLines(stream)) {
    lineNo += 1;
    const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    yield parseTranscriptLine(text, file, lineNo);
  }
}

/**
 * The lines of a text stream (LF or CRLF), pulled one chunk at a time as the consumer asks for lines.
 * Unlike `readline`'s async iterator, which reads ahead and queues up to a thousand lines, nothing is read
 * before it is needed: queued lines outlive the young generation, so every input byte would pass through the
 * old heap and peak memory would rise with throughput.
 */
export async function* splitLines(stream: Readable | AsyncIterable<string>): AsyncGenerator<string> {
  if ('setEncoding' in stream && !stream.readableEncoding) stream.setEncoding('utf8');
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

export function parseTranscriptLine(text: string, file: string, line: number): TranscriptLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, line, error: new TranscriptLineError('TRANSCRIPT_JSON', file, line, undefined, `not valid JSON: ${detail}`) };
  }
  const parsed = transcriptSchema.safeParse(json);
  if (parsed.success) return { ok: true, line, transcript: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issuePath(issue.path) || undefined;
  const id = json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : undefined;
  const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : '';
  const extra = describeReceived(json, issue.path);
  return {
    ok: false,
    line,
    error: new TranscriptLineError('TRANSCRIPT_INVALID', file, line, field, `${issue.message}${extra}${more}`, id),
  };
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
