import { existsSync } from 'node:fs';
import { UsageError } from '../error/cxqa-error.js';
import { openDatabase, type Db } from '../store/open-database.js';
import { getRun, latestRun, type RunRow } from '../store/run-repository.js';

/** Opens the database a reading command looks at; a usage error (exit 2) when the file is missing, rather than creating an empty one. */
export function openForReading(dbPath: string): Db {
  requireDatabase(dbPath);
  return openDatabase(dbPath);
}

/** A usage error (exit 2, `DB_NOT_FOUND`) unless the database file exists: a typo in --db never creates an empty database. */
export function requireDatabase(dbPath: string): void {
  if (!existsSync(dbPath)) throw new UsageError(`no database at ${dbPath} (check --db; this command never creates one)`, 'DB_NOT_FOUND');
}

/** The run a report is about: `--run ID`, else the latest `score` run; a usage error when there is none. */
export function findRun(db: Db, dbPath: string, runId: string | undefined): RunRow {
  const run = runId ? getRun(db, runId) : latestRun(db);
  if (!run) throw new UsageError(runId ? `no run "${runId}" in ${dbPath}` : `no score run in ${dbPath} yet`, 'RUN_NOT_FOUND');
  return run;
}
