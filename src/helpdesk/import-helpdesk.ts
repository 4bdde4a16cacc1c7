import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { issuePath } from '../error/zod-issue.js';
import { transcriptSchema, type Transcript } from '../transcript/schema.js';
import type { HelpdeskFormat, MappingOptions } from './helpdesk-format.js';
import { readRecords, type RecordEvent } from './read-records.js';
import { FieldError, HelpdeskRecordError, SkipRecord, type RecordLocation } from './record-error.js';

export type HelpdeskImportEvent =
  | { kind: 'transcript'; transcript: Transcript; location: RecordLocation }
  | { kind: 'skipped'; reason: string; error?: HelpdeskRecordError; location: RecordLocation };

export interface HelpdeskImportOptions extends MappingOptions {
  /** Extra side-load files, by key: e.g. `users` → the file given with `--users`. */
  sideloadFiles?: ReadonlyMap<string, string>;
  syntax?: 'json' | 'jsonl' | 'auto';
}

/** Reasons a record is skipped, as counted in the summary. */
export const SKIP_INVALID = 'invalid record';

/**
 * Turns a vendor export (file or `-`) into canonical transcripts, one record at a time. Side loads (e.g.
 * Zendesk `users`) are read first: from `sideloadFiles`, and from the input itself in a pre-pass (stdin is
 * spooled to a temporary file for that). A bad record yields a `skipped` event with an error naming file,
 * record and field; every other record is still converted.
 */
export async function* importHelpdesk(
  input: string,
  file: string,
  format: HelpdeskFormat,
  options: HelpdeskImportOptions,
): AsyncGenerator<HelpdeskImportEvent> {
  let path = input;
  let spool: string | undefined;
  try {
    if (input === '-' && format.sideloadKeys.length > 0) {
      spool = await mkdtemp(join(tmpdir(), 'cxqa-import-'));
      path = join(spool, 'stdin');
      await pipeline(process.stdin, createWriteStream(path));
    }
    const sideloads = new Map<string, Map<string, Record<string, unknown>>>();
    const keep = (key: string, value: unknown) => {
      if (!value || typeof value !== 'object') return;
      const index = format.sideloadIndex ? format.sideloadIndex(key, value as Record<string, unknown>) : idOf(value);
      if (index === undefined) return;
      let map = sideloads.get(key);
      if (!map) sideloads.set(key, (map = new Map()));
      map.set(index, value as Record<string, unknown>);
    };
    for (const [key, sideFile] of options.sideloadFiles ?? []) {
      for await (const event of readRecords(sideFile, sideFile, { listKeys: [key], singleKeys: [], sideloadKeys: [], syntax: 'auto' })) {
        if (event.kind === 'record') keep(key, event.value);
      }
    }
    if (format.sideloadKeys.length > 0 && path !== '-') {
      for await (const event of readRecords(path, file, { ...shape(format), syntax: options.syntax, sideloadsOnly: true })) {
        if (event.kind === 'sideload') keep(event.key, event.value);
      }
    }
    const ctx = { sideloads, options };
    // Formats with one record per message: consecutive records of one conversation, converted together.
    let group: { key: string; location: RecordLocation; records: Record<string, unknown>[] } | undefined;
    const flush = function* (): Generator<HelpdeskImportEvent> {
      if (!group || !format.toTranscriptGroup) return;
      const g = group;
      group = undefined;
      yield convertWith(() => format.toTranscriptGroup!(g.records, g.key, ctx), g.location, g.key);
    };
    for await (const event of readRecords(path, file, { ...shape(format), syntax: options.syntax })) {
      if (event.kind === 'sideload') {
        keep(event.key, event.value);
        continue;
      }
      const location: RecordLocation = { file, record: event.record, ...(event.line !== undefined ? { line: event.line } : {}) };
      if (event.kind === 'error') {
        yield* flush();
        yield { kind: 'skipped', reason: 'not valid JSON', error: new HelpdeskRecordError('HELPDESK_JSON', location, undefined, event.message), location };
        continue;
      }
      const record = event.value;
      const key = format.groupKey && record && typeof record === 'object' && !Array.isArray(record) ? format.groupKey(record as Record<string, unknown>) : undefined;
      if (key !== undefined) {
        if (group?.key === key) group.records.push(record as Record<string, unknown>);
        else {
          yield* flush();
          group = { key, location, records: [record as Record<string, unknown>] };
        }
        continue;
      }
      yield* flush();
      yield convert(event, location, format, ctx);
    }
    yield* flush();
  } finally {
    if (spool) await rm(spool, { recursive: true, force: true });
  }
}

function convert(
  event: Extract<RecordEvent, { kind: 'record' }>,
  location: RecordLocation,
  format: HelpdeskFormat,
  ctx: Parameters<HelpdeskFormat['toTranscript']>[1],
): HelpdeskImportEvent {
  const value = event.value;
  const id = idOf(value);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    const error = new HelpdeskRecordError('HELPDESK_RECORD', location, undefined, `expected a ${format.recordNoun} object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
    return { kind: 'skipped', reason: SKIP_INVALID, error, location };
  }
  return convertWith(() => format.toTranscript(value as Record<string, unknown>, ctx), location, id);
}

/** Runs a mapping: its transcript validated, or the skip / field error it threw as a `skipped` event. */
function convertWith(map: () => Transcript, location: RecordLocation, id: string | undefined): HelpdeskImportEvent {
  let transcript: Transcript;
  try {
    transcript = map();
  } catch (err) {
    if (err instanceof SkipRecord) return { kind: 'skipped', reason: err.reason, location };
    if (err instanceof FieldError) {
      return { kind: 'skipped', reason: SKIP_INVALID, error: new HelpdeskRecordError('HELPDESK_FIELD', location, err.field, err.message, id), location };
    }
    throw err;
  }
  const parsed = transcriptSchema.safeParse(transcript);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const error = new HelpdeskRecordError('HELPDESK_TRANSCRIPT', location, `transcript.${issuePath(issue.path)}`, issue.message, id);
    return { kind: 'skipped', reason: SKIP_INVALID, error, location };
  }
  return { kind: 'transcript', transcript: parsed.data, location };
}

function shape(format: HelpdeskFormat) {
  return { listKeys: format.listKeys, singleKeys: format.singleKeys, sideloadKeys: format.sideloadKeys };
}

function idOf(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Counts for the final line: records read, written, skipped by reason. */
export class ImportTally {
  read = 0;
  written = 0;
  readonly skipped = new Map<string, number>();

  /** Records skipped because something was wrong with them (not deleted tickets or notes-only ones). */
  errors = 0;

  add(event: { kind: 'transcript' } | { kind: 'skipped'; reason: string; error?: unknown }): void {
    this.read += 1;
    if (event.kind === 'transcript') this.written += 1;
    else {
      this.skipped.set(event.reason, (this.skipped.get(event.reason) ?? 0) + 1);
      if (event.error !== undefined) this.errors += 1;
    }
  }

  get skippedTotal(): number {
    let n = 0;
    for (const count of this.skipped.values()) n += count;
    return n;
  }

  format(noun: string): string {
    const reasons = [...this.skipped].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reason}`);
    return `${this.read} ${noun}s read, ${this.written} written, ${this.skippedTotal} skipped${reasons.length ? ` (${reasons.join(', ')})` : ''}`;
  }

  toJSON(): { read: number; written: number; skipped: number; skipped_by_reason: Record<string, number>; errors: number } {
    return { read: this.read, written: this.written, skipped: this.skippedTotal, skipped_by_reason: Object.fromEntries(this.skipped), errors: this.errors };
  }
}
