import { CHAINED_TABLES, rowHash, type ChainedTableName } from './hash-chain.js';
import type { Db } from './open-database.js';
import { productionLatestProblem } from './verify-production-latest.js';
import { sha256 } from '../shared/hash.js';
import { verifyFacts, type FactsCheck, type FactsProblem } from './verify-facts.js';

/**
 * What is wrong with the first bad row: `edited` (its content or hash changed), `missing` (a row is gone), `unchained` (added outside cxqa),
 * `derived` (a table derived from the history, `production_latest`, disagrees with it).
 */
export type ChainProblemKind = 'edited' | 'missing' | 'unchained' | 'derived';

export interface ChainProblem {
  kind: ChainProblemKind;
  table: string;
  /** The row's rowid (the `id` of evaluations, findings and run items). */
  rowid: number;
  message: string;
}

export interface ChainReport {
  /** Rows whose hash was checked, over every chained table. */
  rows: number;
  per_table: Record<string, number>;
  /** sha256 chain head of each table (the last row's hash): keep it elsewhere to detect the newest rows being removed. */
  heads: Record<string, string | null>;
  /** Every transcript's `transcript_facts` recomputed from its stored body or outline (derived data, not chained). */
  facts: FactsCheck;
  /** The first problem found, in table order then rowid order (then the facts); null when everything verified. */
  problem: ChainProblem | null;
}

/**
 * Recomputes every chained row's hash (see `hash-chain.ts`) and reports the first row that was edited, is
 * missing (a gap in the rowids, or an evaluation that other rows refer to but that is not there, or an
 * evaluation without its criterion results or its run item), or was added without a hash; then recomputes every
 * transcript's facts ({@link verifyFacts}). Reads with a cursor: memory does not grow with the database.
 */
export function verifyChain(db: Db): ChainReport {
  const report: ChainReport = { rows: 0, per_table: {}, heads: {}, facts: { rows: 0, problems: 0, listed: [] }, problem: null };
  for (const table of CHAINED_TABLES) {
    const { n, head, problem } = verifyTable(db, table);
    report.rows += n;
    report.per_table[table] = n;
    report.heads[table] = head;
    if (problem && !report.problem) report.problem = problem;
  }
  report.problem ??= danglingReference(db);
  report.problem ??= bodyProblem(db);
  report.facts = verifyFacts(db);
  report.problem ??= factsProblem(report.facts);
  report.problem ??= productionLatestProblem(db);
  return report;
}

function factsProblem(check: FactsCheck): ChainProblem | null {
  const first = check.listed[0];
  if (!first) return null;
  const kinds: Record<FactsProblem['kind'], ChainProblemKind> = { differs: 'edited', missing: 'missing', extra: 'unchained' };
  const more = check.problems > 1 ? ` (and ${check.problems - 1} more transcripts: see --json)` : '';
  return { kind: kinds[first.kind], table: 'transcript_facts', rowid: first.seq ?? 0, message: `${first.message}${more}` };
}

/**
 * A transcript body is not in its row hash (a purge may remove it); its sha256 is. A stored body must match it,
 * and a body that is gone must be one a recorded purge removed (its conversation started before a purge's bound).
 */
function bodyProblem(db: Db): ChainProblem | null {
  const rows = db.prepare('SELECT seq, body_json, body_sha256 FROM transcripts WHERE body_json IS NOT NULL ORDER BY seq').iterate() as IterableIterator<{
    seq: number;
    body_json: string;
    body_sha256: string | null;
  }>;
  for (const row of rows) {
    if (sha256(row.body_json) !== row.body_sha256) {
      return { kind: 'edited', table: 'transcripts', rowid: row.seq, message: `transcripts row ${row.seq} was edited: its body no longer matches its chained hash` };
    }
  }
  const removed = db
    .prepare(
      `SELECT seq FROM transcripts t WHERE body_json IS NULL AND body_sha256 IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM purges p WHERE julianday(t.started_at) < julianday(p.before)) ORDER BY seq LIMIT 1`,
    )
    .get() as { seq: number } | undefined;
  if (!removed) return null;
  return { kind: 'edited', table: 'transcripts', rowid: removed.seq, message: `transcripts row ${removed.seq} was edited: its body was removed outside a recorded purge` };
}

function verifyTable(db: Db, table: ChainedTableName): { n: number; head: string | null; problem: ChainProblem | null } {
  let previous = '';
  let previousRowid = 0;
  let n = 0;
  let problem: ChainProblem | null = null;
  for (const row of db.prepare(`SELECT rowid AS _rowid, * FROM ${table} ORDER BY rowid`).iterate() as IterableIterator<Record<string, unknown>>) {
    const rowid = row['_rowid'] as number;
    const stored = row['row_hash'] as string | null;
    n += 1;
    if (!problem) {
      if (stored === null) {
        problem = { kind: 'unchained', table, rowid, message: `${table} row ${rowid} has no hash: it was added outside cxqa` };
      } else if (rowHash(previous, table, rowid, row) !== stored) {
        // A gap in the rowids before a row that does not chain: rows were deleted. (A gap that chains is
        // older than the chain: rows replaced by cxqa before history became append-only, then chained as found.)
        if (rowid !== previousRowid + 1) {
          const which = rowid - previousRowid === 2 ? `row ${previousRowid + 1} is` : `rows ${previousRowid + 1}-${rowid - 1} are`;
          problem = { kind: 'missing', table, rowid: previousRowid + 1, message: `${table} ${which} missing (deleted)` };
        } else {
          problem = { kind: 'edited', table, rowid, message: `${table} row ${rowid} was edited: its content or hash no longer matches the chain` };
        }
      }
    }
    previous = stored ?? '';
    previousRowid = rowid;
  }
  return { n, head: n > 0 ? previous : null, problem };
}

/**
 * The newest row of a table can be removed without leaving a gap; the rows that refer to an evaluation catch
 * that for evaluations, and every evaluation must still have its criterion results and the run item of its run.
 */
function danglingReference(db: Db): ChainProblem | null {
  for (const table of ['criterion_results', 'panel_votes', 'findings', 'run_items'] as const) {
    const row = db
      .prepare(
        `SELECT t.evaluation_id AS id FROM ${table} t WHERE t.evaluation_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.id = t.evaluation_id) ORDER BY t.evaluation_id LIMIT 1`,
      )
      .get() as { id: number } | undefined;
    if (row) return { kind: 'missing', table: 'evaluations', rowid: row.id, message: `evaluations row ${row.id} is missing (deleted): ${table} still refer to it` };
  }
  const orphan = db
    .prepare(
      `SELECT e.id, NOT EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = e.id) AS no_results
       FROM evaluations e
       WHERE NOT EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = e.id)
          OR NOT EXISTS (SELECT 1 FROM run_items ri WHERE ri.evaluation_id = e.id AND ri.run_id = e.run_id)
       ORDER BY e.id LIMIT 1`,
    )
    .get() as { id: number; no_results: number } | undefined;
  if (!orphan) return null;
  const what = orphan.no_results ? 'criterion_results' : 'run_items';
  return { kind: 'missing', table: what, rowid: orphan.id, message: `${what} of evaluation ${orphan.id} are missing (deleted)` };
}
