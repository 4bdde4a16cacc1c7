import { acquireLock, type HeldLock } from '../store/writer-lock.js';
import type { Db } from '../store/open-database.js';
import { warn } from './io.js';

/**
 * Takes the database's writer lock for a command (throws `DatabaseLockedError`, exit code 4, when a live
 * process holds it) and says so when a stale lock was taken over or dead runs were marked interrupted.
 */
export function takeWriterLock(db: Db, dbPath: string, command: string): HeldLock {
  const lock = acquireLock(db, { command, dbPath });
  const stale = lock.tookOverFrom;
  if (stale) {
    warn(
      `took over a stale lock on ${dbPath}: \`cxqa ${stale.command}\` (pid ${stale.pid} on ${stale.host}, since ${stale.acquired_at}) is no longer running`,
    );
  }
  for (const runId of lock.staleRuns) warn(`run ${runId} was left running by a process that is gone: marked interrupted`);
  return lock;
}
