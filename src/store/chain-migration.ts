import { rowHash, type ChainedTableName } from './hash-chain.js';
import type { Migration } from './migration.js';
import type { Db } from './open-database.js';

/**
 * Sets `row_hash` on every row of each table, in rowid order (for rows stored before the table was chained).
 * A table's own append-only triggers (findings, human decisions) are set aside meanwhile and put back as they were.
 */
export function backfillChain(db: Db, tables: readonly ChainedTableName[]): void {
  for (const table of tables) {
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(table) as { name: string; sql: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    const set = db.prepare(`UPDATE ${table} SET row_hash = ? WHERE rowid = ?`);
    // In pages: better-sqlite3 cannot write while a cursor is open, and a large store must not be loaded whole.
    const page = db.prepare(`SELECT rowid AS _rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT 5000`);
    let previous = '';
    let after = 0;
    for (;;) {
      const rows = page.all(after) as Record<string, unknown>[];
      if (rows.length === 0) break;
      for (const row of rows) {
        after = row['_rowid'] as number;
        previous = rowHash(previous, table, after, row);
        set.run(previous, after);
      }
    }
    for (const t of triggers) db.exec(t.sql);
  }
}

/** Triggers that make tables append-only: UPDATE and DELETE abort with a message naming the table. */
export function appendOnlyTriggers(tables: readonly string[]): string {
  return tables
    .map(
      (t) => `
      CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, '${t} are append-only: UPDATE is not allowed'); END;
      CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
      BEGIN SELECT RAISE(ABORT, '${t} are append-only: DELETE is not allowed'); END;`,
    )
    .join('\n');
}

/** Migration 11: the history becomes append-only and hash-chained. */
export const hashChainMigration: Migration = {
  version: 11,
  name: 'append-only, hash-chained history: every attempt kept, UPDATE and DELETE refused',
  foreignKeysOff: true,
  sql: `
    -- Evaluations lose their UNIQUE (transcript, content, rubric, judge) key: a redo is a new row, the earlier
    -- attempt stays. id is the creation order (the latest attempt has the greatest id). SQLite cannot drop a
    -- constraint, so the table is rebuilt (with foreign keys off, so nothing cascades).
    CREATE TABLE evaluations_v11 (
      id                  INTEGER PRIMARY KEY,
      transcript_id       TEXT NOT NULL,
      content_hash        TEXT NOT NULL,
      rubric_hash         TEXT NOT NULL REFERENCES rubrics (hash),
      judge               TEXT NOT NULL,
      run_id              TEXT NOT NULL REFERENCES runs (id),
      status              TEXT NOT NULL CHECK (status IN ('scored', 'partial', 'failed')),
      qa_score            REAL,
      auto_fail           INTEGER NOT NULL DEFAULT 0,
      error_code          TEXT,
      error_message       TEXT,
      created_at          TEXT NOT NULL,
      input_tokens        INTEGER,
      output_tokens       INTEGER,
      cached_input_tokens INTEGER,
      cost_usd            REAL,
      cache_hit           INTEGER NOT NULL DEFAULT 0,
      judge_fingerprint   TEXT,
      row_hash            TEXT,
      FOREIGN KEY (transcript_id, content_hash) REFERENCES transcripts (id, content_hash)
    );
    INSERT INTO evaluations_v11 (id, transcript_id, content_hash, rubric_hash, judge, run_id, status, qa_score, auto_fail, error_code,
                                error_message, created_at, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, judge_fingerprint)
    SELECT id, transcript_id, content_hash, rubric_hash, judge, run_id, status, qa_score, auto_fail, error_code,
           error_message, created_at, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, judge_fingerprint
    FROM evaluations ORDER BY id;
    DROP TABLE evaluations;
    ALTER TABLE evaluations_v11 RENAME TO evaluations;
    CREATE INDEX evaluations_run ON evaluations (run_id);
    CREATE INDEX evaluations_work ON evaluations (transcript_id, content_hash, rubric_hash, judge);

    -- Every append-only row carries sha256(previous row's hash | its canonical content): see src/store/hash-chain.ts.
    ALTER TABLE criterion_results ADD COLUMN row_hash TEXT;
    ALTER TABLE panel_votes ADD COLUMN row_hash TEXT;
    ALTER TABLE findings ADD COLUMN row_hash TEXT;
    ALTER TABLE run_items ADD COLUMN row_hash TEXT;
    ALTER TABLE human_decisions ADD COLUMN row_hash TEXT;
    ALTER TABLE calibration_results ADD COLUMN row_hash TEXT;
    ALTER TABLE judge_fits ADD COLUMN row_hash TEXT;
  `,
  // Rows stored before this version are chained as they are found; then UPDATE and DELETE are refused.
  upgrade: (db) => {
    backfillChain(db, ['evaluations', 'criterion_results', 'panel_votes', 'findings', 'run_items', 'human_decisions', 'calibration_results', 'judge_fits']);
    db.exec(appendOnlyTriggers(['evaluations', 'criterion_results', 'panel_votes', 'run_items']));
  },
};
