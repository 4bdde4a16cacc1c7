import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Runs a query on a database file, read-only, and closes it. */
export function queryDb<T = any>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Every row of every table, as text, plus the raw bytes of the database files (main, WAL, shared memory): where a leak would be. */
export function everythingStoredIn(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let text = '';
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) text += JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all());
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(dbPath + suffix)) text += readFileSync(dbPath + suffix).toString('latin1');
  return text;
}
