import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { splitLines } from '../transcript/read-jsonl.js';

/** One item of an export: a vendor record, a side-loaded record, or a part of the input that is not JSON. */
export type RecordEvent =
  | { kind: 'record'; record: number; line?: number; value: unknown }
  | { kind: 'sideload'; key: string; value: unknown }
  | { kind: 'error'; record: number; line?: number; message: string; fatal: boolean };

export interface ReadRecordsOptions {
  listKeys: readonly string[];
  singleKeys: readonly string[];
  sideloadKeys: readonly string[];
  /** `json`, `jsonl`, or `auto` (by extension; for stdin and others by the first line). */
  syntax?: 'json' | 'jsonl' | 'auto';
  /** Read only the side loads (the pre-pass), skipping records. */
  sideloadsOnly?: boolean;
}

/** A bare single record (no wrapper) is held whole; refuse one larger than this. */
const MAX_BARE_RECORD_CHARS = 256 * 1024 * 1024;

/**
 * Streams the records of a vendor export, whatever its shape: JSONL (one record, or one API page such as
 * `{ "tickets": [...], "users": [...] }`, per line), a JSON array of records, an API page wrapper
 * (`{ "tickets": [...] }`, streamed record by record: never held whole), or one bare record. Memory stays
 * flat: records are handed on as each chunk is parsed. A JSONL line that is not JSON is one error and
 * reading goes on; broken JSON in an array or wrapper ends the stream (there is no way to resynchronise).
 */
export async function* readRecords(input: string | Readable, name: string, opts: ReadRecordsOptions): AsyncGenerator<RecordEvent> {
  const stream = typeof input === 'string' ? (input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' })) : input;
  if (!stream.readableEncoding) stream.setEncoding('utf8');
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  // Peek at the start: the first non-blank character and, for `auto`, the first line.
  let head = '';
  let done = false;
  while (!done && (head.trimStart() === '' || (head.trimStart()[0] === '{' && !head.includes('\n') && head.length < 1 << 20))) {
    const next = await chunks.next();
    if (next.done) done = true;
    else head += next.value;
  }
  head = head.replace(/^\uFEFF/, '');
  const first = head.trimStart()[0];
  if (first === undefined) return;
  const rest: AsyncIterable<string> = { [Symbol.asyncIterator]: () => ({ next: () => (done ? Promise.resolve({ done: true, value: undefined }) : chunks.next()) }) };
  const syntax = opts.syntax && opts.syntax !== 'auto' ? opts.syntax : detectSyntax(typeof input === 'string' ? input : name, first, head);
  if (syntax === 'jsonl') yield* readJsonl(prepend(head, rest), opts);
  else yield* readJson(prepend(head, rest), first, opts);
}

function detectSyntax(name: string, first: string, head: string): 'json' | 'jsonl' {
  if (/\.(?:jsonl|ndjson)$/i.test(name)) return 'jsonl';
  if (first === '[' || /\.json$/i.test(name)) return 'json';
  const nl = head.indexOf('\n');
  if (nl === -1) return 'json';
  try {
    JSON.parse(head.slice(0, nl));
    return 'jsonl';
  } catch {
    return 'json';
  }
}

async function* prepend(head: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield head;
  yield* rest;
}

async function* readJsonl(chunks: AsyncIterable<string>, opts: ReadRecordsOptions): AsyncGenerator<RecordEvent> {
  let line = 0;
  let record = 0;
  for await (const text of splitLines(chunks)) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      record += 1;
      if (!opts.sideloadsOnly) yield { kind: 'error', record, line, message: `not valid JSON: ${(err as Error).message}`, fatal: false };
      continue;
    }
    for (const event of unwrap(value, opts)) {
      if (event.kind === 'sideload') yield event;
      else {
        record += 1;
        if (!opts.sideloadsOnly) yield { kind: 'record', record, line, value: event.value };
      }
    }
  }
}

/** The records and side loads inside one parsed value: a page wrapper, a single-record wrapper or a bare record. */
function* unwrap(value: unknown, opts: ReadRecordsOptions): Generator<{ kind: 'record'; value: unknown } | { kind: 'sideload'; key: string; value: unknown }> {
  if (Array.isArray(value)) {
    for (const item of value) yield { kind: 'record', value: item };
    return;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const wrapped = [...opts.listKeys, ...opts.singleKeys, ...opts.sideloadKeys].some((k) => k in obj);
    if (wrapped) {
      for (const key of opts.sideloadKeys) if (Array.isArray(obj[key])) for (const item of obj[key] as unknown[]) yield { kind: 'sideload', key, value: item };
      for (const key of opts.listKeys) if (Array.isArray(obj[key])) for (const item of obj[key] as unknown[]) yield { kind: 'record', value: item };
      for (const key of opts.singleKeys) if (obj[key] && typeof obj[key] === 'object') yield { kind: 'record', value: obj[key] };
      return;
    }
  }
  yield { kind: 'record', value };
}

async function* readJson(chunks: AsyncIterable<string>, first: string, opts: ReadRecordsOptions): AsyncGenerator<RecordEvent> {
  const paths =
    first === '['
      ? ['$.*']
      : [...opts.listKeys.map((k) => `$.${k}.*`), ...opts.singleKeys.map((k) => `$.${k}`), ...opts.sideloadKeys.map((k) => `$.${k}.*`)];
  const parser = new JSONParser({ paths, keepStack: false, separator: '' });
  const queue: RecordEvent[] = [];
  let record = 0;
  let failed: string | undefined;
  let streamedAny = false;
  // A bare record (no wrapper key) is only known at the end: keep its text until a wrapper item shows up.
  let bare: string[] | undefined = first === '{' ? [] : undefined;
  let bareChars = 0;
  parser.onValue = ({ value, stack }) => {
    streamedAny = true;
    bare = undefined;
    const key = first === '[' ? undefined : (stack[1]?.key as string | undefined);
    if (key !== undefined && opts.sideloadKeys.includes(key)) queue.push({ kind: 'sideload', key, value });
    else if (!opts.sideloadsOnly) queue.push({ kind: 'record', record: ++record, value });
  };
  parser.onError = (err) => {
    failed ??= err.message;
  };
  for await (const chunk of chunks) {
    if (bare) {
      bareChars += chunk.length;
      if (bareChars > MAX_BARE_RECORD_CHARS) bare = undefined;
      else bare.push(chunk);
    }
    if (failed === undefined) parser.write(chunk);
    yield* queue.splice(0);
    if (failed !== undefined) break;
  }
  if (failed === undefined) {
    try {
      parser.end();
    } catch (err) {
      failed ??= (err as Error).message;
    }
  }
  yield* queue.splice(0);
  if (failed !== undefined) {
    if (!opts.sideloadsOnly) yield { kind: 'error', record: record + 1, message: `not valid JSON after record ${record}: ${failed}; the rest of the input could not be read`, fatal: true };
    return;
  }
  if (!streamedAny && first === '{') {
    if (!bare) {
      if (!opts.sideloadsOnly) yield { kind: 'error', record: 1, message: `a single JSON object larger than ${MAX_BARE_RECORD_CHARS / 1024 / 1024} MB without a known wrapper key (${[...opts.listKeys].join(', ')})`, fatal: true };
      return;
    }
    const value: unknown = JSON.parse(bare.join(''));
    for (const event of unwrap(value, opts)) {
      if (event.kind === 'sideload') yield event;
      else if (!opts.sideloadsOnly) yield { kind: 'record', record: ++record, value: event.value };
    }
  }
}
