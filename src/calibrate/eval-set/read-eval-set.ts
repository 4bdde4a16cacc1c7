import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { issuePath } from '../../error/zod-issue.js';
import { sourceName } from '../../transcript/read-jsonl.js';
import { EvalSetError } from './eval-set-error.js';
import { evalItemSchema, type EvalItem } from './schema.js';

/** One line of an eval-set file: either a valid item or the error that line produced. */
export type EvalSetLine = { ok: true; line: number; item: EvalItem } | { ok: false; line: number; error: EvalSetError };

/**
 * Streams an eval-set JSONL file (or stdin for `-`) one line at a time; never holds the whole file.
 * Blank lines are skipped. A bad line yields `{ ok: false }` naming file, line and field; reading goes on.
 */
export async function* readEvalSet(input: string | Readable, name?: string): AsyncGenerator<EvalSetLine> {
  const file = name ?? (typeof input === 'string' ? sourceName(input) : '<stream>');
  const stream = typeof input === 'string' ? (input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' })) : input;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo += 1;
      const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      yield parseEvalSetLine(text, file, lineNo);
    }
  } finally {
    lines.close();
    if (stream !== process.stdin) stream.destroy();
  }
}

/** Parses and validates one eval-set line. */
export function parseEvalSetLine(text: string, file: string, line: number): EvalSetLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, line, error: new EvalSetError('EVAL_SET_JSON', file, line, undefined, `not valid JSON: ${detail}`) };
  }
  const parsed = evalItemSchema.safeParse(json);
  if (parsed.success) return { ok: true, line, item: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issuePath(issue.path) || undefined;
  const id = json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : undefined;
  const more = parsed.error.issues.length > 1 ? ` (+${parsed.error.issues.length - 1} more)` : '';
  return { ok: false, line, error: new EvalSetError('EVAL_SET_INVALID', file, line, field, `${issue.message}${more}`, id) };
}
