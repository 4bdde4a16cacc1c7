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
  /** Provider batches (`score --mode batch`, migration 5) and their requests added. */
  provider_batches: number;
  provider_batch_items: number;
  /** Batches the target had copied still open (a `--force` merge) that the shard has collected since: brought up to date. */
  provider_batches_updated: number;
}

export interface MergeOptions {
  /** Merge a shard even when it has provider batches not collected yet (copied as they are). */
  force?: boolean;
}

/** A provider batch of a shard whose results are not stored yet. */
export interface OpenShardBatch {
  id: string;
  provider: string;
  status: string;
}

/**
 * Copies one shard database into `target` (which the caller holds the writer lock of), in one transaction:
 * rubrics, runs, transcripts, evaluations with their criterion results, panel votes and findings, each new
 * run's items and judge calls, and the judge cache. Evaluation ids are renumbered. Idempotent: a run the
 * target already has is not copied again, and an evaluation whose unique key the target already has keeps
 * the target's row. Provider batches and their requests are copied the same way (by batch id and custom id);
 * a batch the target holds still open (copied with `force`) takes the shard's state once the shard has
 * collected it. Only columns both schemas have are copied. The shard is migrated to the current schema first;
 * a shard another live process is writing to is refused, and so is (unless `force`) a shard with provider
 * batches whose results are not stored yet: see {@link assertShardMergeable}.
 */
export function mergeDatabase(target: Db, targetPath: string, shardPath: string, options: MergeOptions = {}): MergeStats {
  assertShardMergeable(targetPath, shardPath, options);
  target.prepare('ATTACH DATABASE ? AS shard').run(shardPath);
  try {
    return target.transaction(() => copyShard(target, shardPath))();
  } finally {
    target.exec('DROP TABLE IF EXISTS temp.merge_new_runs; DROP TABLE IF EXISTS temp.merge_eval_map;');
    target.exec('DETACH DATABASE shard');
  }
}

/**
 * Checks a shard before anything is copied: it exists and is not the target; migrates it (schema changes are
 * additive); refuses it while a live process writes to it (`DatabaseLockedError`, exit 4) and, unless
 * `force`, while it has provider batches not collected yet (`MERGE_SHARD_BATCHES_OPEN`, exit 2): their
 * results would otherwise land in the shard after the merge, or be collected in two places.
 */
export function assertShardMergeable(targetPath: string, shardPath: string, options: MergeOptions = {}): void {
  if (!existsSync(shardPath)) throw new UsageError(`shard database not found: ${shardPath}`, 'MERGE_SHARD_NOT_FOUND');
  if (existsSync(targetPath) && realpathSync(shardPath) === realpathSync(targetPath)) {
    throw new UsageError(`cannot merge ${shardPath} into itself`, 'MERGE_SELF');
  }
  const shard = openDatabase(shardPath);
  let open: OpenShardBatch[];
  try {
    const holder = lockHolder(shard);
    if (holder && (holder.host !== hostname() || isPidAlive(holder.pid))) throw new DatabaseLockedError(shardPath, holder);
    open = shard
      .prepare("SELECT id, provider, status FROM provider_batches WHERE status IN ('pending', 'ended') ORDER BY created_at, rowid")
      .all() as OpenShardBatch[];
  } finally {
    shard.close();
  }
  if (open.length > 0 && !options.force) {
    throw new UsageError(
      `${shardPath} has ${open.length} provider batches not collected yet: ${open.map((b) => `${b.id} (${b.provider}, ${b.status})`).join(', ')}; ` +
        `store their results first with \`cxqa batch collect --db ${shardPath} --wait\`, then merge again ` +
        `(or merge with --force to copy them as they are and collect them from ${targetPath}); nothing was merged`,
      'MERGE_SHARD_BATCHES_OPEN',
    );
  }
}

function copyShard(db: Db, shardPath: string): MergeStats {
  const run = (sql: string): number => db.prepare(sql).run().changes;
  const stats: MergeStats = {
    shard: shardPath,
    runs: 0,
    rubrics: 0,
    transcripts: 0,
    evaluations: 0,
    kept_existing: 0,
    criterion_results: 0,
    panel_votes: 0,
    findings: 0,
    run_items: 0,
    judge_calls: 0,
    judge_cache: 0,
    provider_batches: 0,
    provider_batch_items: 0,
    provider_batches_updated: 0,
  };

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

  // Provider batches (their runs are copied above). Open copies from an earlier --force merge first take the
  // state the shard has collected since; then new batches and requests are added, each once.
  const batchCols = sharedColumns(db, 'provider_batches').filter((c) => c !== 'id');
  stats.provider_batches_updated = run(
    `UPDATE main.provider_batches SET (${batchCols.join(', ')}) = (SELECT ${batchCols.map((c) => `s.${c}`).join(', ')} FROM shard.provider_batches s WHERE s.id = provider_batches.id)
     WHERE status IN ('pending', 'ended')
       AND id IN (SELECT id FROM shard.provider_batches WHERE status NOT IN ('pending', 'ended'))`,
  );
  const itemCols = sharedColumns(db, 'provider_batch_items').filter((c) => c !== 'batch_id' && c !== 'custom_id');
  run(
    `UPDATE main.provider_batch_items SET (${itemCols.join(', ')}) = (SELECT ${itemCols.map((c) => `s.${c}`).join(', ')} FROM shard.provider_batch_items s
       WHERE s.batch_id = provider_batch_items.batch_id AND s.custom_id = provider_batch_items.custom_id)
     WHERE status = 'pending'
       AND EXISTS (SELECT 1 FROM shard.provider_batch_items s
                   WHERE s.batch_id = provider_batch_items.batch_id AND s.custom_id = provider_batch_items.custom_id AND s.status != 'pending')`,
  );
  stats.provider_batches = run(copyAll(db, 'provider_batches'));
  stats.provider_batch_items = run(copyAll(db, 'provider_batch_items'));
  return stats;
}

/** `INSERT OR IGNORE` of every row of a table keyed by content or by a provider id (rubrics, transcripts, judge cache, batches). */
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
