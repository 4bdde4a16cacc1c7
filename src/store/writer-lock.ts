import { hostname } from 'node:os';
import { CxqaError } from '../error/cxqa-error.js';
import type { Db } from './open-database.js';
import { isPidAlive } from './pid-alive.js';

/** Name of the lock every command that stores results holds (`score` in either mode, `batch collect`, `batch status --refresh`, `calibrate`, `merge`). */
export const WRITER_LOCK = 'writer';

/** Who holds a lock: a row of the `locks` table (schema version 4). */
export interface LockHolder {
  name: string;
  pid: number;
  host: string;
  command: string;
  run_id: string | null;
  acquired_at: string;
}

/** Another live process holds the database's writer lock. Maps to exit code 4 (`ExitCode.LOCKED`). */
export class DatabaseLockedError extends CxqaError<'DB_LOCKED'> {
  readonly holder: LockHolder;

  constructor(dbPath: string, holder: LockHolder) {
    super(
      'DB_LOCKED',
      `${dbPath} is locked by \`cxqa ${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.acquired_at}` +
        `${holder.run_id ? `, run ${holder.run_id}` : ''}); wait for it to finish, or if that process is gone on another host, ` +
        `remove the lock with: sqlite3 ${dbPath} "DELETE FROM locks WHERE name = '${holder.name}'"`,
    );
    this.holder = holder;
  }
}

/** A held lock. `release` is idempotent and only removes the row this process wrote. */
export interface HeldLock {
  readonly holder: LockHolder;
  /** The stale holder (dead pid on this host) whose lock was taken over, if any. */
  readonly tookOverFrom: LockHolder | undefined;
  /** Runs left `running` by dead processes on this host, now marked `interrupted`. */
  readonly staleRuns: string[];
  setRunId(runId: string): void;
  release(): void;
}

export interface AcquireLockOptions {
  command: string;
  /** For messages. */
  dbPath: string;
  name?: string;
  /** Injected in tests. */
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

/**
 * Takes the named lock in a `BEGIN IMMEDIATE` transaction, so two processes cannot both see it free.
 * A lock held by a live process (or by any process on another host, whose pid cannot be checked) throws
 * {@link DatabaseLockedError}; one whose pid is dead on this host is stale and is taken over. Afterwards,
 * runs left `running` by dead processes on this host are marked `interrupted`.
 */
export function acquireLock(db: Db, opts: AcquireLockOptions): HeldLock {
  const name = opts.name ?? WRITER_LOCK;
  const pid = opts.pid ?? process.pid;
  const host = opts.host ?? hostname();
  const isAlive = opts.isAlive ?? isPidAlive;
  const holder: LockHolder = { name, pid, host, command: opts.command, run_id: null, acquired_at: new Date().toISOString() };
  const take = db.transaction((): LockHolder | undefined => {
    const current = db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockHolder | undefined;
    if (current && (current.host !== host || isAlive(current.pid))) throw new DatabaseLockedError(opts.dbPath, current);
    if (current) db.prepare('DELETE FROM locks WHERE name = ?').run(name);
    db.prepare('INSERT INTO locks (name, pid, host, command, run_id, acquired_at) VALUES (@name, @pid, @host, @command, @run_id, @acquired_at)').run(holder);
    return current;
  });
  const tookOverFrom = take.immediate();
  const staleRuns = markStaleRuns(db, host, isAlive);
  let released = false;
  return {
    holder,
    tookOverFrom,
    staleRuns,
    setRunId(runId: string) {
      holder.run_id = runId;
      db.prepare('UPDATE locks SET run_id = ? WHERE name = ? AND pid = ? AND host = ? AND acquired_at = ?').run(runId, name, pid, host, holder.acquired_at);
    },
    release() {
      if (released || !db.open) return;
      released = true;
      db.prepare('DELETE FROM locks WHERE name = ? AND pid = ? AND host = ? AND acquired_at = ?').run(name, pid, host, holder.acquired_at);
    },
  };
}

/** The current holder of a lock, if any (for status displays and merge checks). */
export function lockHolder(db: Db, name = WRITER_LOCK): LockHolder | undefined {
  return db.prepare('SELECT * FROM locks WHERE name = ?').get(name) as LockHolder | undefined;
}

/**
 * Marks `interrupted` every run still `running` whose process (pid on this host) is gone, e.g. after a
 * SIGKILL. Runs from other hosts and runs without a recorded pid are left alone. Returns their ids.
 */
export function markStaleRuns(db: Db, host: string = hostname(), isAlive: (pid: number) => boolean = isPidAlive): string[] {
  const running = db.prepare("SELECT id, pid FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL").all(host) as { id: string; pid: number }[];
  const stale = running.filter((r) => r.pid !== process.pid && !isAlive(r.pid)).map((r) => r.id);
  const mark = db.prepare("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'");
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const id of stale) mark.run(now, id);
  })();
  return stale;
}
