import { UsageError } from '../error/cxqa-error.js';
import type { Db } from './open-database.js';

/** A half-open time range [from, to) of conversation start times, as ISO date-times in UTC. */
export interface TimeRange {
  from: string;
  to: string;
}

/** What a report covers: one rubric id (all its versions), a period, and the period of the same length before it. */
export interface ReportScope {
  rubricId: string;
  /** Every stored version of the rubric (hash → version), oldest first. */
  rubricHashes: { hash: string; version: string; title: string }[];
  current: TimeRange;
  previous: TimeRange;
}

export interface ReportScopeOptions {
  /** ISO date (`2026-11-01`, a whole UTC day) or date-time; inclusive. */
  from?: string;
  /** ISO date (inclusive: the whole day) or date-time (exclusive). */
  to?: string;
  rubricId?: string;
  /** Period length when `from` is not given (default 7 days ending with the latest stored conversation's day). */
  defaultDays?: number;
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Resolves the rubric and the period of a report. Without `--rubric`, the rubric of the latest score run;
 * without `--from`/`--to`, the 7 days ending with the day of the latest conversation a production run evaluated
 * under that rubric. The previous period has the same length and ends where the current one starts.
 */
export function resolveReportScope(db: Db, opts: ReportScopeOptions = {}): ReportScope {
  const rubricId = opts.rubricId ?? latestRubricId(db);
  const rubricHashes = db
    .prepare(
      `SELECT r.hash, r.version, json_extract(r.body_json, '$.title') AS title
       FROM rubrics r WHERE r.id = ?
       ORDER BY (SELECT MIN(started_at) FROM runs WHERE rubric_hash = r.hash), r.rowid`,
    )
    .all(rubricId) as { hash: string; version: string; title: string }[];
  if (rubricHashes.length === 0) {
    const known = (db.prepare('SELECT DISTINCT id FROM rubrics ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    throw new UsageError(`no rubric "${rubricId}" in the database${known.length ? ` (stored: ${known.join(', ')})` : ''}`, 'REPORT_RUBRIC_NOT_FOUND');
  }
  const to = opts.to !== undefined ? parseBound(opts.to, 'to', true) : undefined;
  const from = opts.from !== undefined ? parseBound(opts.from, 'from', false) : undefined;
  const days = opts.defaultDays ?? 7;
  let end: number;
  let start: number;
  if (from !== undefined && to !== undefined) {
    start = from;
    end = to;
  } else if (from !== undefined) {
    start = from;
    end = from + days * DAY_MS;
  } else {
    end = to ?? defaultEnd(db, rubricId);
    start = end - days * DAY_MS;
  }
  if (!(end > start)) throw new UsageError(`--to must be after --from (got ${opts.from} … ${opts.to})`, 'REPORT_PERIOD_EMPTY');
  const length = end - start;
  return {
    rubricId,
    rubricHashes,
    current: { from: iso(start), to: iso(end) },
    previous: { from: iso(start - length), to: iso(start) },
  };
}

function latestRubricId(db: Db): string {
  const row = db.prepare("SELECT rubric_id FROM runs WHERE command = 'score' ORDER BY started_at DESC, rowid DESC LIMIT 1").get() as
    | { rubric_id: string }
    | undefined;
  if (!row) throw new UsageError('no score run in the database yet: run `cxqa score` first', 'RUN_NOT_FOUND');
  return row.rubric_id;
}

/**
 * The midnight (UTC) after the latest conversation a production run evaluated under the rubric (an eval set's
 * made-up conversation does not move a report's period); today's midnight when none. The `production_latest_period`
 * index answers it without reading any evaluation.
 */
function defaultEnd(db: Db, rubricId: string): number {
  const row = db.prepare('SELECT MAX(start_ms) AS ms FROM production_latest WHERE rubric_id = ?').get(rubricId) as { ms: number | null };
  const latest = row.ms ?? Date.now();
  return Math.floor(latest / DAY_MS) * DAY_MS + DAY_MS;
}

function parseBound(value: string, flag: 'from' | 'to', dateIsInclusiveEnd: boolean): number {
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} "${value}" is not an ISO date (2026-11-01) or date-time (2026-11-01T06:00:00Z)`, 'REPORT_BAD_DATE');
  return DATE_ONLY.test(value) && dateIsInclusiveEnd ? ms + DAY_MS : ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
