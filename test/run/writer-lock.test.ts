import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseRubric } from '../../src/rubric/load.js';
import { openDatabase } from '../../src/store/open-database.js';
import { getRun, startRun } from '../../src/store/run-repository.js';
import { acquireLock, DatabaseLockedError, lockHolder } from '../../src/store/writer-lock.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const rubric = parseRubric('id: r\nversion: 1\ntitle: R\ncriteria:\n  - { id: p, title: P, kind: binary }\n', 'r.yaml');

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('writer lock (locks table, BEGIN IMMEDIATE, pid liveness)', () => {
  const tmp = useTempDir();

  it('refuses a second holder while the first is alive, naming pid, host and start time', () => {
    const path = pathIn(tmp(), 'cxqa.db');
    const a = openDatabase(path);
    const b = openDatabase(path);
    const held = acquireLock(a, { command: 'score', dbPath: path });
    let error: unknown;
    try {
      acquireLock(b, { command: 'score', dbPath: path });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect((error as DatabaseLockedError).code).toBe('DB_LOCKED');
    expect((error as Error).message).toContain(`pid ${process.pid} on ${hostname()}, since ${held.holder.acquired_at}`);
    held.release();
    expect(lockHolder(a)).toBeUndefined();
    const second = acquireLock(b, { command: 'merge', dbPath: path });
    expect(lockHolder(a)).toMatchObject({ command: 'merge', pid: process.pid });
    second.release();
    a.close();
    b.close();
  });

  it('takes over a stale lock of a dead process and marks its run interrupted', () => {
    const path = pathIn(tmp(), 'cxqa.db');
    const db = openDatabase(path);
    const dead = deadPid();
    const runId = startRun(db, { command: 'score', input: 'x', rubric, judge: 'offline' });
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(dead, runId);
    db.prepare("INSERT INTO locks (name, pid, host, command, run_id, acquired_at) VALUES ('writer', ?, ?, 'score', ?, '2026-11-22T02:00:00.000Z')").run(dead, hostname(), runId);
    expect(getRun(db, runId)!.status).toBe('running');
    const held = acquireLock(db, { command: 'score', dbPath: path });
    expect(held.tookOverFrom).toMatchObject({ pid: dead, run_id: runId });
    expect(held.staleRuns).toEqual([runId]);
    expect(getRun(db, runId)!.status).toBe('interrupted');
    expect(lockHolder(db)).toMatchObject({ pid: process.pid });
    held.release();
    db.close();
  });

  it('treats a lock from another host as held (its pid cannot be checked)', () => {
    const path = pathIn(tmp(), 'cxqa.db');
    const db = openDatabase(path);
    db.prepare("INSERT INTO locks (name, pid, host, command, acquired_at) VALUES ('writer', ?, 'elsewhere', 'score', '2026-11-22T02:00:00.000Z')").run(deadPid());
    expect(() => acquireLock(db, { command: 'score', dbPath: path })).toThrow(/pid \d+ on elsewhere/);
    db.close();
  });
});
