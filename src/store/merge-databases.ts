import { existsSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../error/cxqa-error.js';
import { openDatabase, type Db } from './open-database.js';
import { isPidAlive } from './pid-alive.js';
import { DatabaseLockedError, lockHolder } from './writer-lock.js';

/** Rows one shard added to the target. */
export interface MergeStats {
  shard: string;
  runs: number;
  rubrics: number;
  transcripts: number;
  /** Evaluations added. */
  evaluations: number;
  /** Shard evaluations whose key (transcript, content hash, rubric hash, judge) the target already had: kept as they were. */
  kept_existing: number;
  criterion_results: number;
  panel_votes: number;
  findings: number;
  run_items: number;
  judge_calls: number;
  judge_cache: number;
}

/**
 * Copies one shard database into `target` (which the caller holds the writer lock of), in one transaction:
 * rubrics, runs, transcripts, evaluations with their criterion results, panel votes and findings, each new
 * run's items and judge calls, and the judge cache. Evaluation ids are renumbered. Idempotent: a run the
 * target already has is not copied again, and an evaluation whose unique key the target already has keeps
 * the target's row. Only columns both schemas have are copied. The shard is migrated to the current schema
 * first; a shard another live process is writing to is refused.
 */
export function mergeDatabase(target: Db, targetPath: string, shardPath: string): MergeStats {
  if (!existsSync(shardPath)) throw new UsageError(`shard database not found: ${shardPath}`, 'MERGE_SHARD_NOT_FOUND');
  if (existsSync(targetPath) && realpathSync(shardPath) === realpathSync(targetPath)) {
    throw new UsageError(`cannot merge ${shardPath} into itself`, 'MERGE_SELF');
  }
  prepareShard(shardPath);
  target.prepare('ATTACH DATABASE ? AS shard').run(shardPath);
  try {
    return target.transaction(() => copyShard(target, shardPath))();
  } finally {
    target.exec('DROP TABLE IF EXISTS temp.merge_new_runs; DROP TABLE IF EXISTS temp.merge_eval_map;');
    target.exec('DETACH DATABASE shard');
  }
}

/** Migrates the shard (schema changes are additive) and refuses it while a live process writes to it. */
function prepareShard(shardPath: string): void {
  const shard = openDatabase(shardPath);
  try {
    const holder = lockHolder(shard);
    if (holder && (holder.host !== hostname() || isPidAlive(holder.pid))) throw new DatabaseLockedError(shardPath, holder);
  } finally {
    shard.close();
  }
}

function copyShard(db: Db, shardPath: string): MergeStats {
  const run = (sql: string): number => db.prepare(sql).run().changes;
  const stats: MergeStats = { shard: shardPath, runs: 0, rubrics: 0, transcripts: 0, evaluations: 0, kept_existing: 0, criterion_results: 0, panel_votes: 0, findings: 0, run_items: 0, judge_calls: 0, judge_cache: 0 };

  stats.rubrics = run(copyAll(db, 'rubrics'));
  stats.transcripts = run(copyAll(db, 'transcripts'));
  stats.judge_cache = run(copyAll(db, 'judge_cache'));

  run('CREATE TEMP TABLE merge_new_runs AS SELECT id FROM shard.runs WHERE id NOT IN (SELECT id FROM main.runs)');
  const runCols = sharedColumns(db, 'runs');
  stats.runs = run(`INSERT INTO main.runs (${runCols.join(', ')}) SELECT ${runCols.join(', ')} FROM shard.runs WHERE id IN (SELECT id FROM temp.merge_new_runs)`);

  const maxBefore = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM main.evaluations').get() as { n: number }).n;
  const evalCols = sharedColumns(db, 'evaluations').filter((c) => c !== 'id');
  stats.evaluations = run(`INSERT OR IGNORE INTO main.evaluations (${evalCols.join(', ')}) SELECT ${evalCols.join(', ')} FROM shard.evaluations ORDER BY id`);
  run(
    `CREATE TEMP TABLE merge_eval_map AS
     SELECT s.id AS src_id, m.id AS dst_id, m.id > ${Number(maxBefore)} AS inserted
     FROM shard.evaluations s JOIN main.evaluations m
       ON m.transcript_id = s.transcript_id AND m.content_hash = s.content_hash AND m.rubric_hash = s.rubric_hash AND m.judge = s.judge`,
  );
  run('CREATE UNIQUE INDEX temp.merge_eval_map_src ON merge_eval_map (src_id)');
  stats.kept_existing = (db.prepare('SELECT COUNT(*) AS n FROM temp.merge_eval_map WHERE NOT inserted').get() as { n: number }).n;

  // Rows of new evaluations: their evaluation_id renumbered.
  for (const table of ['criterion_results', 'panel_votes', 'findings'] as const) {
    stats[table] = run(copyRemapped(db, table, 'JOIN temp.merge_eval_map m ON m.src_id = s.evaluation_id WHERE m.inserted'));
  }
  // Rows of new runs: evaluation_id renumbered (to the target's row when the target kept its own).
  for (const table of ['run_items', 'judge_calls'] as const) {
    stats[table] = run(copyRemapped(db, table, 'LEFT JOIN temp.merge_eval_map m ON m.src_id = s.evaluation_id WHERE s.run_id IN (SELECT id FROM temp.merge_new_runs) ORDER BY s.id'));
  }
  return stats;
}

/** `INSERT OR IGNORE` of every row of a table keyed by content (rubrics, transcripts, judge cache). */
function copyAll(db: Db, table: string): string {
  const cols = sharedColumns(db, table).join(', ');
  return `INSERT OR IGNORE INTO main.${table} (${cols}) SELECT ${cols} FROM shard.${table}`;
}

/** Copies rows without their own `id`, with `evaluation_id` taken from the id map `m`. */
function copyRemapped(db: Db, table: string, from: string): string {
  const cols = sharedColumns(db, table).filter((c) => c !== 'id');
  const select = cols.map((c) => (c === 'evaluation_id' ? 'm.dst_id' : `s.${c}`));
  return `INSERT OR IGNORE INTO main.${table} (${cols.join(', ')}) SELECT ${select.join(', ')} FROM shard.${table} s ${from}`;
}

/** Columns both the target's and the shard's table have (either may be a newer schema). */
function sharedColumns(db: Db, table: string): string[] {
  const names = (schema: string) => (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).all(table, schema) as { name: string }[]).map((r) => r.name);
  const theirs = new Set(names('shard'));
  const shared = names('main').filter((c) => theirs.has(c));
  if (shared.length === 0) throw new UsageError(`table ${table} is missing from the shard or the target database`, 'MERGE_SCHEMA');
  return shared; // names from the schemas themselves: plain identifiers
}
