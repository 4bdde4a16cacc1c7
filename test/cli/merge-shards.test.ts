import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const INPUT = 'samples/transcripts.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';

function score(db: string, ...extra: string[]) {
  return runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'offline', '--db', db, '--json', '--quiet', ...extra]);
}

/** Every stored verdict, independent of evaluation ids and run ids. */
function verdicts(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT e.transcript_id, e.content_hash, e.rubric_hash, e.judge, e.judge_fingerprint, e.status, e.qa_score, e.auto_fail,
                cr.criterion_id, cr.value_json, cr.na, cr.rationale, cr.evidence_json, cr.error_code
         FROM evaluations e JOIN criterion_results cr ON cr.evaluation_id = e.id
         ORDER BY e.transcript_id, cr.criterion_id`,
      )
      .all();
  } finally {
    db.close();
  }
}

function count(path: string, sql: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('cxqa score --shard i/n + cxqa merge', () => {
  const tmp = useTempDir();

  it('shards 0/3, 1/3, 2/3 merged give exactly the full run; merging again adds nothing', async () => {
    const dir = tmp();
    const full = pathIn(dir, 'full.db');
    expect((await score(full)).code).toBe(0);
    const shards = [0, 1, 2].map((i) => pathIn(dir, `shard-${i}.db`));
    const sizes: number[] = [];
    for (const [i, shard] of shards.entries()) {
      const r = await score(shard, '--shard', `${i}/3`);
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout) as { transcripts: { scored: number; unselected: number } };
      sizes.push(summary.transcripts.scored);
      expect(summary.transcripts.scored + summary.transcripts.unselected).toBe(48);
    }
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(48);

    const merged = pathIn(dir, 'merged.db');
    const m = await runCli(['merge', '--into', merged, '--json', ...shards]);
    expect(m.code).toBe(0);
    const stats = m.stdout.trim().split('\n').map((l) => JSON.parse(l) as { evaluations: number; runs: number });
    expect(stats.map((s) => s.evaluations)).toEqual(sizes);
    expect(verdicts(merged)).toEqual(verdicts(full));
    expect(count(merged, 'SELECT COUNT(*) AS n FROM runs')).toBe(3);
    expect(count(merged, 'SELECT COUNT(*) AS n FROM run_items')).toBe(48);
    expect(count(merged, 'SELECT COUNT(*) AS n FROM findings')).toBe(count(full, 'SELECT COUNT(*) AS n FROM findings'));
    expect(count(merged, 'SELECT COUNT(*) AS n FROM run_items ri JOIN evaluations e ON e.id = ri.evaluation_id AND e.transcript_id = ri.transcript_id')).toBe(48);
    expect((await runCli(['audit', 'verify', '--db', merged])).code).toBe(0);

    const again = await runCli(['merge', '--into', merged, '--json', shards[0]!, shards[1]!]);
    expect(again.code).toBe(0);
    for (const line of again.stdout.trim().split('\n')) {
      expect(JSON.parse(line)).toMatchObject({ runs: 0, transcripts: 0, evaluations: 0, criterion_results: 0, findings: 0, run_items: 0, judge_calls: 0 });
    }
    expect(verdicts(merged)).toEqual(verdicts(full));
    expect(count(merged, 'SELECT COUNT(*) AS n FROM run_items')).toBe(48);

    // The full database into the merged one: the same work from another run is appended beside the shards'
    // (history is append-only), and the target's hash chain still verifies.
    const conflict = await runCli(['merge', '--into', merged, '--json', full]);
    expect(JSON.parse(conflict.stdout)).toMatchObject({ runs: 1, evaluations: 48, run_items: 48 });
    expect(count(merged, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(96);
    expect(count(merged, 'SELECT COUNT(*) AS n FROM run_items ri LEFT JOIN evaluations e ON e.id = ri.evaluation_id WHERE e.id IS NULL')).toBe(0);
    const verify = await runCli(['audit', 'verify', '--db', merged]);
    expect(verify.stdout, verify.stderr).toMatch(/^\d+ rows verified in /);
    expect(verify.code).toBe(0);
  });

  it('--since and --sample give the expected sets and summary counts', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    const r = await score(db, '--since', '2026-11-03T00:00:00Z');
    expect(r.code).toBe(0);
    const t = (JSON.parse(r.stdout) as { transcripts: { read: number; skipped: number; failed: number } }).transcripts;
    const later = count(db, "SELECT COUNT(*) AS n FROM transcripts WHERE started_at >= '2026-11-03T00:00:00Z'");
    expect(t).toMatchObject({ read: later, skipped: 48 - later, failed: 0 });
    expect(later).toBeGreaterThan(0);
    expect(later).toBeLessThan(48);
    expect(count(db, "SELECT COUNT(*) AS n FROM transcripts WHERE started_at < '2026-11-03T00:00:00Z'")).toBe(0);

    const sampled = pathIn(dir, 'sample.db');
    const s1 = JSON.parse((await score(sampled, '--sample', '0.5')).stdout) as { transcripts: { scored: number; unselected: number } };
    const ids1 = count(sampled, 'SELECT COUNT(*) AS n FROM evaluations');
    expect(s1.transcripts.scored).toBe(ids1);
    expect(s1.transcripts.unselected).toBe(48 - ids1);
    const other = pathIn(dir, 'sample2.db');
    await score(other, '--sample', '0.5');
    const ids = (p: string) => (new Database(p, { readonly: true }).prepare('SELECT transcript_id FROM evaluations ORDER BY 1').all() as unknown[]);
    expect(ids(other)).toEqual(ids(sampled)); // same choice every time
  });

  it('rejects bad --since, --sample and --shard values as usage errors', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    for (const bad of [['--since', 'yesterday'], ['--sample', '0'], ['--sample', '1.5'], ['--shard', '3/3'], ['--shard', '1-3']]) {
      const r = await score(db, ...bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(bad[0]);
    }
  });

  it('exits 4 while another live process holds the lock; takes over a stale one with a warning', async () => {
    const dir = tmp();
    const db = pathIn(dir, 'cxqa.db');
    expect((await score(db)).code).toBe(0);
    const raw = new Database(db);
    raw.prepare("INSERT INTO locks (name, pid, host, command, acquired_at) VALUES ('writer', ?, ?, 'score', '2026-11-22T02:00:00.000Z')").run(process.pid, hostname());
    const locked = await score(db);
    expect(locked.code).toBe(4);
    expect(locked.stderr).toContain(`locked by \`cxqa score\` (pid ${process.pid} on ${hostname()}, since 2026-11-22T02:00:00.000Z`);
    expect((await runCli(['merge', '--into', db, pathIn(dir, 'none.db')])).code).toBe(4);

    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    raw.prepare('UPDATE locks SET pid = ?').run(dead);
    const lastRun = raw.prepare('SELECT id FROM runs ORDER BY started_at DESC LIMIT 1').get() as { id: string };
    raw.prepare("UPDATE runs SET status = 'running', pid = ? WHERE id = ?").run(dead, lastRun.id);
    const took = await score(db);
    expect(took.code).toBe(0);
    expect(took.stderr).toContain(`took over a stale lock on ${db}`);
    expect(took.stderr).toContain(`run ${lastRun.id} was left running by a process that is gone: marked interrupted`);
    expect(raw.prepare('SELECT status FROM runs WHERE id = ?').get(lastRun.id)).toEqual({ status: 'interrupted' });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM locks').get()).toEqual({ n: 0 });
    raw.close();
  });
});
