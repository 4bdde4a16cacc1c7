import { createHash } from 'node:crypto';
import type { Db } from './open-database.js';

/**
 * Tables whose rows are append-only and hash-chained, in the order `audit verify` checks them. Each has a
 * `row_hash` column: sha256 of the previous row's `row_hash` (by rowid, in the same table) and the row's own
 * canonical content ({@link canonicalRow}). Triggers refuse UPDATE and DELETE on them.
 *
 * Hazard: a column added to one of these tables later must be nullable with no default, so that rows hashed
 * before it existed still verify (the canonical form leaves NULL columns out).
 */
export const CHAINED_TABLES = [
  'evaluations',
  'criterion_results',
  'panel_votes',
  'findings',
  'run_items',
  'human_decisions',
  'calibration_results',
  'judge_fits',
  'transcripts',
  'purges',
] as const;
export type ChainedTableName = (typeof CHAINED_TABLES)[number];

/**
 * Columns of a chained table left out of its canonical form (besides `row_hash`). A transcript's body may be
 * purged (`cxqa purge`), so its sha256 (`body_sha256`) is chained instead of the body itself.
 */
const UNHASHED: Partial<Record<ChainedTableName, readonly string[]>> = { transcripts: ['body_json'] };

export type SqlValue = string | number | bigint | Buffer | null;

/**
 * The canonical text of a row: `[table, rowid, [[column, value], ...]]` with the columns sorted by name and
 * NULL values left out. `row` holds the stored values (as SQLite returns them).
 */
export function canonicalRow(table: string, rowid: number, row: Readonly<Record<string, unknown>>): string {
  const skip = new Set(['row_hash', '_rowid', ...(UNHASHED[table as ChainedTableName] ?? [])]);
  const entries = Object.keys(row)
    .filter((k) => !skip.has(k) && row[k] !== null && row[k] !== undefined)
    .sort()
    .map((k) => [k, typeof row[k] === 'bigint' ? String(row[k]) : Buffer.isBuffer(row[k]) ? (row[k] as Buffer).toString('base64') : row[k]]);
  return JSON.stringify([table, rowid, entries]);
}

/** The chained hash of a row: sha256(previous row's hash, `|`, canonical row). The first row chains to ''. */
export function rowHash(previous: string, table: string, rowid: number, row: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(previous).update('|').update(canonicalRow(table, rowid, row)).digest('hex');
}

/**
 * Appends rows to one chained table: each row gets the next rowid and its chained `row_hash`. Use inside the
 * caller's transaction; the previous row is read from the database each time, so a rolled-back transaction
 * leaves nothing stale behind.
 */
export class ChainedTable {
  private readonly columns: string[];
  /** The INTEGER PRIMARY KEY column that aliases rowid (`id`), if the table has one. */
  private readonly rowidAlias: string | undefined;
  private readonly lastStmt;
  private readonly insertStmt;

  constructor(
    db: Db,
    readonly table: ChainedTableName,
  ) {
    const info = db.prepare('SELECT name, type, pk FROM pragma_table_info(?)').all(table) as { name: string; type: string; pk: number }[];
    if (info.length === 0) throw new Error(`no table ${table}`);
    const pks = info.filter((c) => c.pk > 0);
    this.rowidAlias = pks.length === 1 && pks[0]!.type.toUpperCase() === 'INTEGER' ? pks[0]!.name : undefined;
    this.columns = info.map((c) => c.name).filter((c) => c !== 'row_hash' && c !== this.rowidAlias);
    this.lastStmt = db.prepare(`SELECT rowid AS _rowid, row_hash FROM ${table} ORDER BY rowid DESC LIMIT 1`);
    const rowidColumn = this.rowidAlias ?? 'rowid';
    this.insertStmt = db.prepare(
      `INSERT INTO ${table} (${rowidColumn}, ${this.columns.join(', ')}, row_hash) VALUES (@_rowid, ${this.columns.map((c) => `@${c}`).join(', ')}, @row_hash)`,
    );
  }

  /** Column names a row may set (every column but the rowid alias and `row_hash`); unset ones are stored as NULL. */
  get columnNames(): readonly string[] {
    return this.columns;
  }

  /** Inserts one row and returns its rowid. Unknown keys are an error (a typo would silently store NULL). */
  insert(values: Readonly<Record<string, SqlValue | boolean | undefined>>): number {
    const row: Record<string, SqlValue> = {};
    for (const c of this.columns) row[c] = normalise(values[c]);
    for (const k of Object.keys(values)) {
      if (!this.columns.includes(k)) throw new Error(`${this.table} has no column ${k}`);
    }
    const last = this.lastStmt.get() as { _rowid: number; row_hash: string | null } | undefined;
    const rowid = (last?._rowid ?? 0) + 1;
    const hashed = this.rowidAlias ? { ...row, [this.rowidAlias]: rowid } : row;
    this.insertStmt.run({ ...row, _rowid: rowid, row_hash: rowHash(last?.row_hash ?? '', this.table, rowid, hashed) });
    return rowid;
  }
}

function normalise(v: SqlValue | boolean | undefined): SqlValue {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isNaN(v)) return null; // SQLite stores NaN as NULL
  return v;
}
