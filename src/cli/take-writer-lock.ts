import { acquireLock, DatabaseLockedError, type HeldLock } from '../store/writer-lock.js';
import { openDatabase, type Db } from '../store/open-database.js';
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

/**
 * Opens (creating if needed) the database a command writes to and takes its writer lock; when another live
 * process holds the lock (`DatabaseLockedError`, exit 4) the database is closed again before the error goes up.
 */
export function openForWriting(dbPath: string, command: string): { db: Db; lock: HeldLock } {
  const db = openDatabase(dbPath);
  try {
    return { db, lock: takeWriterLock(db, dbPath, command) };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The writer lock of a command that waits (`batch collect --wait`, `score --mode batch --wait`): held while it
 * polls and stores, given up while it sleeps between polls, so an overlapping nightly `cxqa score` is not blocked
 * for hours. Taking it back fails (false, with a note) while another process holds it.
 */
export class WaitingWriterLock {
  private lock: HeldLock | undefined;
  private runId: string | undefined;
  private toldAbout: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly command: string,
    lock: HeldLock,
  ) {
    this.lock = lock;
  }

  setRunId(runId: string): void {
    this.runId = runId;
    this.lock?.setRunId(runId);
  }

  release(): void {
    this.lock?.release();
    this.lock = undefined;
  }

  reacquire(): boolean {
    if (this.lock) return true;
    try {
      this.lock = takeWriterLock(this.db, this.dbPath, this.command);
    } catch (err) {
      if (!(err instanceof DatabaseLockedError)) throw err;
      const holder = `\`cxqa ${err.holder.command}\` (pid ${err.holder.pid} on ${err.holder.host})`;
      if (this.toldAbout !== holder) warn(`${this.dbPath} is being written by ${holder}: waiting for it before the next poll`);
      this.toldAbout = holder;
      return false;
    }
    this.toldAbout = undefined;
    if (this.runId) this.lock.setRunId(this.runId);
    return true;
  }
}
