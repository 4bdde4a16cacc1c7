import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const EVAL = 'evals/support-qa.eval.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';

describe('cxqa calibrate and the writer lock', () => {
  const tmp = useTempDir();
  const calibrate = (db: string) => runCli(['calibrate', '-e', EVAL, '-r', RUBRIC, '--judge', 'offline', '--db', db, '--json', '--iterations', '10']);
  const rows = (db: string, sql: string) => {
    const raw = new Database(db, { readonly: true });
    try {
      return raw.prepare(sql).all();
    } finally {
      raw.close();
    }
  };

  it('exits 4 naming the holder while another process writes, stores nothing, and frees its own lock', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    expect((await calibrate(db)).code).toBe(0);
    expect(rows(db, 'SELECT * FROM locks')).toEqual([]);
    const runs = rows(db, 'SELECT id FROM runs').length;

    const raw = new Database(db);
    raw.prepare("INSERT INTO locks (name, pid, host, command, acquired_at) VALUES ('writer', ?, ?, 'score', '2026-11-22T02:00:00.000Z')").run(process.pid, hostname());
    const locked = await calibrate(db);
    expect(locked.code).toBe(4);
    expect(locked.stderr).toContain(`locked by \`cxqa score\` (pid ${process.pid} on ${hostname()}, since 2026-11-22T02:00:00.000Z`);
    expect(locked.stdout).toBe('');
    expect(rows(db, 'SELECT id FROM runs')).toHaveLength(runs);
    raw.prepare('DELETE FROM locks').run();
    raw.close();
  });
});
