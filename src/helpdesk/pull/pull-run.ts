import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, statSync, truncateSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../store/open-database.js';
import { getPullState, savePullState, type PullStateRow } from '../../store/pull-state-repository.js';
import { transcriptSchema } from '../../transcript/schema.js';
import { issuePath } from '../../error/zod-issue.js';
import { ImportTally } from '../import-helpdesk.js';
import { FieldError, SkipRecord } from '../record-error.js';
import { PullHttpError } from './http-client.js';
import type { PullSource } from './pull-source.js';

export interface PullRunOptions {
  db: Db;
  source: PullSource;
  /** Start of the first window (ignored when a stored cursor exists, unless `reset`). */
  since: Date | undefined;
  reset: boolean;
  /** Output JSONL file; undefined writes to stdout (then a killed pull may repeat its last page). */
  out: string | undefined;
  includeNotes: boolean;
  /** Told about progress, restarts and bad records. */
  note: (message: string) => void;
  /** Stop after this many pages (tests and cautious first runs); the cursor is stored, the next run goes on. */
  maxPages?: number;
}

export interface PullRunResult {
  tally: ImportTally;
  pages: number;
  resumed: boolean;
  cursor: Record<string, unknown>;
  /** The high-water mark reached (ISO), if any record was seen. */
  hwm: string | undefined;
}

/** How often an expired cursor may restart the window within one run before giving up. */
const MAX_RESTARTS = 3;

/**
 * Reads one vendor's incremental API page by page and writes canonical transcripts. After every page the
 * transcripts are flushed to disk (fsync) and then the cursor, the high-water mark (newest `updated_at`
 * and the ids seen at it) and the output length are stored in one transaction, so:
 * - the next run continues where this one stopped (the vendor's cursor, or `--since` the first time);
 * - a killed run, started again with the same `--out`, cuts the file back to what was stored and re-reads
 *   only the page in flight: no record is written twice and none is lost;
 * - a cursor the vendor refuses as expired restarts the window at the high-water mark, and the ids already
 *   written at that instant are not written again.
 */
export async function runPull(opts: PullRunOptions): Promise<PullRunResult> {
  const { db, source } = opts;
  const stored = getPullState(db, source.vendor, source.account);
  let cursor: Record<string, unknown>;
  let state: CursorState;
  const resumed = stored !== undefined && !opts.reset;
  if (resumed) {
    state = fromStored(stored.cursor);
    cursor = state.vendor;
    opts.note(
      `${source.vendor} ${source.account}: continuing from the stored cursor (last pull ${stored.status} at ${stored.updatedAt}${state.hwm ? `, newest update seen ${state.hwm}` : ''})${opts.since ? '; --since is ignored (use --reset to start again from it)' : ''}`,
    );
  } else {
    if (!opts.since) throw new PullUsage(`${source.vendor} ${source.account}: no stored cursor yet: give --since for the first pull`);
    cursor = source.initialCursor(opts.since);
    state = { vendor: cursor, hwm: undefined, hwmIds: [] };
  }
  const out = openOutput(opts.out, stored && resumed ? stored : undefined, opts.note);
  const tally = new ImportTally();
  const users = new Map<string, Record<string, unknown>>();
  const startedAt = new Date().toISOString();
  let records = resumed ? stored.records : 0;
  let pages = 0;
  let restarts = 0;
  const save = (status: PullStateRow['status'], lastError: string | null = null) =>
    savePullState(db, {
      source: source.vendor,
      account: source.account,
      cursor: toStored(state),
      status,
      outPath: out.path ?? null,
      outBytes: out.bytes,
      records,
      startedAt,
      updatedAt: new Date().toISOString(),
      lastError,
    });
  save('running', stored?.lastError ?? null);
  try {
    let finished = false;
    while (!finished) {
      try {
        for await (const page of source.pages(cursor)) {
          for (const u of page.sideloads.get('users') ?? []) if (u.id !== undefined) users.set(String(u.id), u);
          const lines: string[] = [];
          const pageIds: { id: string; at: string }[] = [];
          for (const r of page.records) {
            if (state.hwm && r.updatedAt <= state.hwm && state.hwmIds.includes(r.id)) continue; // written before the window restarted
            pageIds.push({ id: r.id, at: r.updatedAt });
            const event = convert(source, r, users, opts.includeNotes);
            tally.add(event.kind === 'transcript' ? { kind: 'transcript' } : { kind: 'skipped', reason: event.reason, ...(event.message ? { error: event.message } : {}) });
            if (event.kind === 'transcript') lines.push(event.line);
            else if (event.message) opts.note(`skipped: ${source.vendor} ${source.format.recordNoun} ${r.id}: ${event.message}`);
          }
          out.write(lines.join(''));
          records += lines.length;
          for (const { id, at } of pageIds) {
            if (!state.hwm || at > state.hwm) state = { ...state, hwm: at, hwmIds: [id] };
            else if (at === state.hwm && !state.hwmIds.includes(id)) state.hwmIds.push(id);
          }
          const next = page.next ?? (state.hwm ? source.restartCursor(state.hwm) : cursor);
          state = { ...state, vendor: next };
          cursor = next;
          db.transaction(() => save('running'))();
          pages += 1;
          if (opts.maxPages !== undefined && pages >= opts.maxPages) {
            opts.note(`stopped after ${pages} pages (--max-pages); the next pull goes on from here`);
            break;
          }
        }
        finished = true;
      } catch (err) {
        if (err instanceof PullHttpError && source.isExpiredCursor(err, cursor) && restarts < MAX_RESTARTS) {
          restarts += 1;
          const from = state.hwm ?? (opts.since ?? new Date(0)).toISOString();
          opts.note(`${source.vendor} refused the stored cursor (${err.status}): starting the window again at ${from}; records already written are not written again`);
          cursor = source.restartCursor(from);
          state = { ...state, vendor: cursor };
          continue;
        }
        throw err;
      }
    }
    save('completed');
    return { tally, pages, resumed, cursor, hwm: state.hwm };
  } catch (err) {
    save('failed', err instanceof Error ? err.message : String(err));
    throw err;
  } finally {
    out.close();
  }
}

/** A usage problem of `cxqa pull` (exit 2). */
export class PullUsage extends Error {}

interface CursorState {
  vendor: Record<string, unknown>;
  hwm: string | undefined;
  hwmIds: string[];
}

function toStored(s: CursorState): Record<string, unknown> {
  return { vendor: s.vendor, hwm: s.hwm ?? null, hwm_ids: s.hwmIds };
}

function fromStored(c: Record<string, unknown>): CursorState {
  const vendor = c.vendor && typeof c.vendor === 'object' ? (c.vendor as Record<string, unknown>) : {};
  return { vendor, hwm: typeof c.hwm === 'string' ? c.hwm : undefined, hwmIds: Array.isArray(c.hwm_ids) ? c.hwm_ids.map(String) : [] };
}

type Converted = { kind: 'transcript'; line: string } | { kind: 'skipped'; reason: string; message?: string };

function convert(source: PullSource, r: { record: Record<string, unknown>; id: string; skip?: string }, users: ReadonlyMap<string, Record<string, unknown>>, includeNotes: boolean): Converted {
  if (r.skip) return { kind: 'skipped', reason: r.skip };
  try {
    const t = source.format.toTranscript(r.record, { sideloads: new Map([['users', users]]), options: { includeNotes } });
    const parsed = transcriptSchema.safeParse(t);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { kind: 'skipped', reason: 'invalid record', message: `field transcript.${issuePath(issue.path)}: ${issue.message}` };
    }
    return { kind: 'transcript', line: `${JSON.stringify(parsed.data)}\n` };
  } catch (err) {
    if (err instanceof SkipRecord) return { kind: 'skipped', reason: err.reason };
    if (err instanceof FieldError) return { kind: 'skipped', reason: 'invalid record', message: `field ${err.field}: ${err.message}` };
    throw err;
  }
}

interface Output {
  path: string | undefined;
  bytes: number;
  write(text: string): void;
  close(): void;
}

/**
 * The output: appended to (after cutting it back to the stored length) when a killed pull left it behind,
 * started afresh otherwise; stdout without a path. Writes are synchronous and fsynced per page, so what the
 * stored cursor says is written is on disk.
 */
function openOutput(path: string | undefined, resumedFrom: PullStateRow | undefined, note: (m: string) => void): Output {
  if (!path) {
    return { path: undefined, bytes: 0, write: (text) => void (text && process.stdout.write(text)), close: () => undefined };
  }
  const abs = resolve(path);
  const killed = resumedFrom && resumedFrom.status !== 'completed' && resumedFrom.outPath !== null;
  // A killed run's file: everything past what its last stored page covered is cut off (it will be re-read).
  if (killed && resumedFrom.outPath && existsSync(resumedFrom.outPath) && statSync(resumedFrom.outPath).size > resumedFrom.outBytes) {
    truncateSync(resumedFrom.outPath, resumedFrom.outBytes);
    note(`cut ${resumedFrom.outPath} back to the ${resumedFrom.outBytes} bytes written before the last pull stopped`);
  }
  const append = killed && resumedFrom.outPath === abs && existsSync(abs);
  const fd = openSync(abs, append ? 'a' : 'w');
  if (append) ftruncateSync(fd, Math.min(fstatSync(fd).size, resumedFrom!.outBytes));
  let bytes = append ? fstatSync(fd).size : 0;
  return {
    path: abs,
    get bytes() {
      return bytes;
    },
    write(text) {
      if (text) bytes += writeSync(fd, text);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}
