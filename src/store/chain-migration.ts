import { rowHash, type ChainedTableName } from './hash-chain.js';
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
