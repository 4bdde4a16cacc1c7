import Database from 'better-sqlite3';
import { CxqaError } from '../error/cxqa-error.js';
import { migrations, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

/**
 * `STORE_OPEN`: the file cannot be opened as a database; `STORE_TOO_NEW`: written by a newer cxqa;
 * `STORE_FACTS_MISSING`: a stored transcript has no facts and nothing they could be computed from.
 */
export type StoreErrorCode = 'STORE_OPEN' | 'STORE_TOO_NEW' | 'STORE_FACTS_MISSING';

export class StoreError extends CxqaError<StoreErrorCode> {}

/**
 * Opens (creating if needed) a cxqa database: WAL journal, foreign keys on, a busy timeout so a reader
 * does not fail while a writer commits, secure delete, and every pending migration applied.
 */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new StoreError('STORE_OPEN', `cannot open database ${path}: ${(err as Error).message}`, { cause: err });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Freed bytes are overwritten with zeros (a purged body, a dropped table's pages): removed text leaves the file.
  db.pragma('secure_delete = ON');
  migrate(db, path);
  return db;
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_TOO_NEW',
      `database ${path} has schema version ${current}, newer than this cxqa understands (${SCHEMA_VERSION}); upgrade cxqa`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF'); // a no-op inside a transaction: set before it
    try {
      db.transaction(() => {
        db.exec(m.sql);
        m.upgrade?.(db);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.foreignKeysOff) db.pragma('foreign_keys = ON');
    }
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
