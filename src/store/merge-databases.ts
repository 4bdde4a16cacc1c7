import { existsSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../error/cxqa-error.js';
import { ChainedTable, type ChainedTableName, type SqlValue } from './hash-chain.js';
import { openDatabase, type Db } from './open-database.js';
import { isPidAlive } from './pid-alive.js';
import { FactsWriter } from './transcript-facts.js';
import { DatabaseLockedError, lockHolder } from './writer-lock.js';

/** Rows one shard added to the target. */
export interface MergeStats {
  shard: string;
  runs: number;
  rubrics: number;
  transcripts: number;
  /** Evaluations added. */
  evaluations: number;
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
  /** Human decisions (`cxqa review decide`), calibration results, fitted judge models and purge records added. */
  human_decisions: number;
  calibration_results: number;
  judge_fits: number;
  purges: number;
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
 * rubrics, runs, transcripts, each run's evaluations with their criterion results, panel votes and findings,
 * each run's items and judge calls, the judge cache, human decisions, calibration results and fitted models. The target is append-only: rows are appended,
 * renumbered and hash-chained onto the target's chains; no evaluation is updated or deleted (one of the same
 * work from another run stays beside the shard's). Idempotent: of each run, only the rows beyond those the
 * target already has are copied. Provider batches and their requests are copied by batch id and custom id; a batch
 * the target holds still open (copied with `force`) takes the shard's state once the shard has collected it.
 * Only columns both schemas have are copied. The shard is migrated to the current schema first; a shard another
 * live process is writing to is refused, and so is (unless `force`) a shard with provider batches whose
 * results are not stored yet: see {@link assertShardMergeable}.
 */
export function mergeDatabase(target: Db, targetPath: string, shardPath: string, options: MergeOptions = {}): MergeStats {
  assertShardMergeable(targetPath, shardPath, options);
  target.prepare('ATTACH DATABASE ? AS shard').run(shardPath);
  try {
    return target.transaction(() => copyShard(target, shardPath))();
  } finally {
    const temps = ['merge_new_runs', 'merge_eval_map', ...['evaluations', 'run_items', 'judge_calls'].flatMap((t) => [`merge_have_${t}`, `merge_new_${t}`])];
    target.exec(temps.map((t) => `DROP TABLE IF EXISTS temp.${t};`).join(' '));
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
    criterion_results: 0,
    panel_votes: 0,
    findings: 0,
    run_items: 0,
    judge_calls: 0,
    judge_cache: 0,
    provider_batches: 0,
    provider_batch_items: 0,
    provider_batches_updated: 0,
    human_decisions: 0,
    calibration_results: 0,
    judge_fits: 0,
    purges: 0,
  };

  stats.rubrics = run(copyAll(db, 'rubrics'));
  // Each transcript added gets its facts recomputed from what is stored of it (not copied: the shard's derived rows are not trusted).
  const facts = new FactsWriter(db);
  stats.transcripts = appendChained(
    db,
    'transcripts',
    'FROM shard.transcripts s WHERE NOT EXISTS (SELECT 1 FROM main.transcripts t WHERE t.id = s.id AND t.content_hash = s.content_hash)',
    (row) => facts.write(row['id'] as string, row['content_hash'] as string, (row['body_json'] ?? row['outline_json'] ?? null) as string | null),
  );
  stats.judge_cache = run(copyAll(db, 'judge_cache'));

  run('CREATE TEMP TABLE merge_new_runs AS SELECT id FROM shard.runs WHERE id NOT IN (SELECT id FROM main.runs)');
  const runCols = sharedColumns(db, 'runs');
  stats.runs = run(`INSERT INTO main.runs (${runCols.join(', ')}) SELECT ${runCols.join(', ')} FROM shard.runs WHERE id IN (SELECT id FROM temp.merge_new_runs)`);

  // Append-only target: rows are appended (renumbered, re-hashed onto the target's chains), never updated.
  // Each run's rows (evaluations, items, calls) are appended in order beyond those the target already has of
  // that run: a run merged before adds only what the shard stored since (e.g. results of a batch collected
  // after a --force merge), and merging the same shard again adds nothing. The k-th evaluation of a run in the
  // shard is the k-th of that run in the target.
  for (const table of ['evaluations', 'run_items', 'judge_calls'] as const) markRowsBeyondTarget(db, table);
  run(
    `CREATE TEMP TABLE merge_eval_map AS
     SELECT s.id AS src_id, m.id AS dst_id, 0 AS inserted FROM
       (SELECT id, run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY id) AS k FROM shard.evaluations) s
       JOIN (SELECT id, run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY id) AS k FROM main.evaluations
             WHERE run_id IN (SELECT id FROM shard.runs)) m USING (run_id, k)`,
  );
  run('CREATE UNIQUE INDEX temp.merge_eval_map_src ON merge_eval_map (src_id)');
  const mapStmt = db.prepare('INSERT INTO temp.merge_eval_map (src_id, dst_id, inserted) VALUES (?, ?, 1)');
  stats.evaluations = appendChained(db, 'evaluations', 'FROM shard.evaluations s WHERE s.id IN (SELECT src FROM temp.merge_new_evaluations)', (row, dst) =>
    mapStmt.run(row['id'], dst),
  );

  // Rows of new evaluations, then new rows of each run: evaluation_id renumbered.
  const ofNewEvaluations = (table: string) => `FROM shard.${table} s JOIN temp.merge_eval_map m ON m.src_id = s.evaluation_id WHERE m.inserted`;
  for (const table of ['criterion_results', 'panel_votes', 'findings'] as const) {
    stats[table] = appendChained(db, table, ofNewEvaluations(table));
  }
  const remapped = 'LEFT JOIN temp.merge_eval_map m ON m.src_id = s.evaluation_id';
  stats.run_items = appendChained(db, 'run_items', `FROM shard.run_items s ${remapped} WHERE s.id IN (SELECT src FROM temp.merge_new_run_items)`);
  stats.judge_calls = run(copyRemapped(db, 'judge_calls', `${remapped} WHERE s.id IN (SELECT src FROM temp.merge_new_judge_calls) ORDER BY s.id`));

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

  // Append-only tables without a run of their own: a shard row is added unless the target already holds the same
  // row (all its columns but the id, the hash and the renumbered evaluation), so merging again adds nothing.
  // A shard's purges come along: they are what lets its purged transcripts verify in the target.
  // Decisions keep their order (the latest one wins) and point at the evaluation as renumbered in the target.
  // pull_state is left out on purpose: a pull cursor belongs to the output file of the machine that pulled.
  for (const table of ['human_decisions', 'calibration_results', 'judge_fits', 'purges'] as const) {
    const same = sharedColumns(db, table)
      .filter((c) => c !== 'id' && c !== 'row_hash' && c !== 'evaluation_id')
      .map((c) => `t.${c} IS s.${c}`)
      .join(' AND ');
    const map = table === 'human_decisions' ? remapped : '';
    stats[table] = appendChained(db, table, `FROM shard.${table} s ${map} WHERE NOT EXISTS (SELECT 1 FROM main.${table} t WHERE ${same})`);
  }
  return stats;
}

/**
 * `temp.merge_new_<table> (src)`: ids of the shard's rows of `table` (which has `id` and `run_id`) that come,
 * within their run and in id order, after as many rows as the target has of that run.
 */
function markRowsBeyondTarget(db: Db, table: 'evaluations' | 'run_items' | 'judge_calls'): void {
  db.exec(
    `CREATE TEMP TABLE merge_have_${table} AS SELECT run_id, COUNT(*) AS n FROM main.${table} WHERE run_id IN (SELECT id FROM shard.runs) GROUP BY run_id;
     CREATE TEMP TABLE merge_new_${table} (src INTEGER PRIMARY KEY);
     INSERT INTO temp.merge_new_${table} (src)
     SELECT s.id FROM (SELECT id, run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY id) AS k FROM shard.${table}) s
     LEFT JOIN temp.merge_have_${table} h ON h.run_id = s.run_id
     WHERE s.k > COALESCE(h.n, 0);`,
  );
}

/** `INSERT OR IGNORE` of every row of a table keyed by content or by a provider id (rubrics, transcripts, judge cache, batches). */
function copyAll(db: Db, table: string): string {
  const cols = sharedColumns(db, table).join(', ');
  return `INSERT OR IGNORE INTO main.${table} (${cols}) SELECT ${cols} FROM shard.${table}`;
}

/**
 * Appends shard rows (`from`: a FROM clause over \`shard.<table> s\`, optionally joined to the id map \`m\`) to a
 * chained table: new rowids, `evaluation_id` from the map, the target's chain. Returns the rows added.
 */
function appendChained(db: Db, table: ChainedTableName, from: string, onInserted?: (row: Record<string, unknown>, rowid: number) => void): number {
  const chained = new ChainedTable(db, table);
  const theirs = new Set(sharedColumns(db, table));
  const cols = chained.columnNames.filter((c) => theirs.has(c));
  const hasMap = from.includes('merge_eval_map');
  const select = db.prepare(
    `SELECT s.rowid AS _src_rowid, ${[...cols.map((c) => `s.${c}`), ...(table === 'evaluations' ? ['s.id'] : [])].join(', ')}` +
      `${hasMap ? ', m.dst_id AS _dst_evaluation' : ''} ${from} AND s.rowid > ? ORDER BY s.rowid LIMIT 5000`,
  );
  // In pages of the shard's rowid order: better-sqlite3 cannot write while a cursor is open, and a large shard
  // must not be loaded whole.
  let added = 0;
  let after = 0;
  for (;;) {
    const rows = select.all(after) as Record<string, unknown>[];
    if (rows.length === 0) return added;
    for (const row of rows) {
      after = row['_src_rowid'] as number;
      const values: Record<string, SqlValue> = {};
      for (const c of cols) values[c] = row[c] as SqlValue;
      if (hasMap && 'evaluation_id' in values) values['evaluation_id'] = (row['_dst_evaluation'] as number | null) ?? null;
      const rowid = chained.insert(values); // not inside `onInserted?.(…)`: optional-call arguments are skipped when it is undefined
      onInserted?.(row, rowid);
      added += 1;
    }
  }
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
