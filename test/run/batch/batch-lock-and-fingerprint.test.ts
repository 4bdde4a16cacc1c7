import { writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { MINI_RUBRIC_YAML, goodAnswer, orderTranscript } from '../../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, prepareBatchWorkspace, query, type BatchServer } from './batch-harness.js';

const HELD_SINCE = '2026-11-22T02:00:00.000Z';

/**
 * One base URL in front of two fakes: synchronous calls (`/v1/chat/completions`, `/v1/messages`) go to `sync`,
 * everything else (files, batches) to `batch`. The base URL is part of the judge fingerprint, so "the same
 * judge" in sync and batch mode must see the same one.
 */
async function startRouter(syncOrigin: string, batchOrigin: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const target = new URL(req.url ?? '/', path === '/v1/chat/completions' || path === '/v1/messages' ? syncOrigin : batchOrigin);
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(BATCH_HARNESSES)('provider batches: writer lock and judge fingerprint ($provider)', (h) => {
  const tempDir = useTempDir();
  let server: BatchServer | undefined;
  let input: string;
  let rubricFile: string;
  let dbPath: string;
  let configFile: string;

  beforeEach(() => {
    ({ input, rubricFile, dbPath, configFile } = prepareBatchWorkspace(h, tempDir));
    writeFileSync(input, [orderTranscript(), orderTranscript()].map((t) => JSON.stringify(t)).join('\n') + '\n');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  const score = (baseURL: string, ...extra: string[]) =>
    runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', baseURL, '--db', dbPath, '--config', configFile, ...extra]);
  const batchScore = (...extra: string[]) => score(server!.baseURL, '--mode', 'batch', ...extra);
  const collect = (...extra: string[]) => runCli(['batch', 'collect', '--db', dbPath, '--config', configFile, ...extra]);
  const locks = () => query(dbPath, 'SELECT * FROM locks');

  /** A lock row held by this (live) test process, as an overlapping `cxqa score` would hold it. */
  function holdLock(command = 'score') {
    const db = new Database(dbPath);
    db.prepare("INSERT INTO locks (name, pid, host, command, acquired_at) VALUES ('writer', ?, ?, ?, ?)").run(process.pid, hostname(), command, HELD_SINCE);
    return () => {
      db.prepare('DELETE FROM locks').run();
      db.close();
    };
  }

  it('score --mode batch, batch collect and batch status --refresh exit 4 naming the holder; the lock is freed afterwards', async () => {
    server = await h.start({ lifecycle: ['in_progress', 'completed'] });
    const submitted = await batchScore();
    expect(submitted.code).toBe(0);
    expect(locks()).toEqual([]);

    const release = holdLock();
    const held = `locked by \`cxqa score\` (pid ${process.pid} on ${hostname()}, since ${HELD_SINCE}`;
    const again = await batchScore();
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(held);
    expect(server.batchSizes()).toEqual([2]); // nothing submitted the second time
    const blockedCollect = await collect('--wait', '--poll-interval', '0.01');
    expect(blockedCollect.code).toBe(4);
    expect(blockedCollect.stderr).toContain(held);
    const refresh = await runCli(['batch', 'status', '--db', dbPath, '--refresh']);
    expect(refresh.code).toBe(4);
    expect(refresh.stderr).toContain(held);
    // Listing only reads: it works while another process writes.
    const status = await runCli(['batch', 'status', '--db', dbPath]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('pending');
    expect(query(dbPath, 'SELECT COUNT(*) AS n FROM evaluations')[0].n).toBe(0);
    release();

    const done = await collect('--wait', '--poll-interval', '0.01');
    expect(done.code).toBe(0);
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")[0].n).toBe(2);
    expect(locks()).toEqual([]);
  });

  it('batch collect --wait gives the lock up between polls: another writer can run meanwhile, and collect waits for it', async () => {
    // Thirty polls in progress (1.5 s at least): under a loaded machine five were sometimes over, and the batch
    // collected, before this test had taken the lock.
    server = await h.start({ lifecycle: [...Array<string>(30).fill('in_progress'), 'completed'] });
    expect((await batchScore()).code).toBe(0);
    const running = collect('--wait', '--poll-interval', '0.05');
    // First collect holds the lock (it starts after its command's modules are loaded, not synchronously).
    for (let i = 0; i < 400 && locks().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(locks()).toHaveLength(1);
    // Between two polls the lock table is empty: another process (this test, as `cxqa score`) takes the lock.
    const db = new Database(dbPath);
    const take = db.prepare("INSERT OR IGNORE INTO locks (name, pid, host, command, acquired_at) VALUES ('writer', ?, ?, 'score', ?)");
    let taken = false;
    for (let i = 0; i < 400 && !taken; i++) {
      taken = take.run(process.pid, hostname(), HELD_SINCE).changes === 1;
      if (!taken) await new Promise((r) => setTimeout(r, 5));
    }
    expect(taken).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // several poll intervals: collect must not poll or store meanwhile
    expect(query(dbPath, 'SELECT COUNT(*) AS n FROM evaluations')[0].n).toBe(0);
    db.prepare('DELETE FROM locks').run();
    db.close();
    const done = await running;
    expect(done.code).toBe(0);
    expect(done.stderr).toContain(`is being written by \`cxqa score\` (pid ${process.pid} on ${hostname()}): waiting for it before the next poll`);
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")[0].n).toBe(2);
    expect(locks()).toEqual([]);
  });

  it('a running batch collect (or score --mode batch --wait) blocks a synchronous score with exit 4', async () => {
    server = await h.start();
    expect((await batchScore()).code).toBe(0);
    const release = holdLock('batch collect');
    const sync = await score(server.baseURL);
    expect(sync.code).toBe(4);
    expect(sync.stderr).toContain(`locked by \`cxqa batch collect\` (pid ${process.pid}`);
    release();
  });

  it('frees the lock on error exits: a refused submission, a failed poll (exit 3) and a missing key (exit 2)', async () => {
    server = await h.start();
    const refused = await score('http://127.0.0.1:9/v1', '--mode', 'batch', '--max-retries', '0', '--timeout', '2');
    expect(refused.code).toBe(3);
    expect(locks()).toEqual([]);
    expect((await batchScore()).code).toBe(0);
    await server.close();
    const unreachable = await collect('--max-retries', '0', '--timeout', '2');
    expect(unreachable.code).toBe(3);
    expect(locks()).toEqual([]);
    vi.stubEnv(h.keyVar, undefined);
    const noKey = await runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--db', dbPath, '--mode', 'batch']);
    expect(noKey.code).toBe(2);
    expect(locks()).toEqual([]);
    server = undefined;
  });

  it('stores the judge fingerprint of the submitting judge, so a later synchronous run with the same judge reuses the results', async () => {
    // A rubric `redact:` list other than the default is part of the fingerprint: `batch collect` in a new
    // process must rebuild the judge with it.
    writeFileSync(rubricFile, `${MINI_RUBRIC_YAML}redact: [email]\n`);
    server = await h.start();
    const sync = await h.sync.start();
    const router = await startRouter(sync.origin, new URL(server.baseURL).origin);
    const base = server.baseURL.replace(new URL(server.baseURL).origin, router.origin);
    try {
      expect((await score(base, '--mode', 'batch')).code).toBe(0);
      const collected = await collect('--wait', '--poll-interval', '0.01');
      expect(collected.code).toBe(0);
      expect(collected.stderr).not.toContain('changed since submission');
      const [batch] = query<{ judge_fingerprint: string }>(dbPath, 'SELECT judge_fingerprint FROM provider_batches');
      expect(query(dbPath, 'SELECT DISTINCT judge_fingerprint FROM evaluations')).toEqual([{ judge_fingerprint: batch!.judge_fingerprint }]);

      const res = await score(base, '--json');
      expect(res.code).toBe(0);
      expect(sync.requests).toHaveLength(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ transcripts: { read: 2, scored: 2, reused: 2, failed: 0 } });
    } finally {
      await router.close();
      await sync.close();
    }
  });

  it('does not reuse what a judge with other settings scored (same rule as score)', async () => {
    server = await h.start();
    const sync = await h.sync.start();
    const router = await startRouter(sync.origin, new URL(server.baseURL).origin);
    const base = server.baseURL.replace(new URL(server.baseURL).origin, router.origin);
    try {
      sync.enqueue(h.sync.answer(goodAnswer()), h.sync.answer(goodAnswer()));
      expect((await score(base, '--concurrency', '1')).code).toBe(0);
      const same = await score(base, '--mode', 'batch');
      expect(same.stdout).toContain('2 already scored');
      expect(server.batchSizes()).toEqual([]);
      const other = await score(base, '--mode', 'batch', '--temperature', '0.5', '--wait', '--poll-interval', '0.01');
      expect(other.code).toBe(0);
      expect(other.stdout).toContain('0 already scored');
      expect(server.batchSizes()).toEqual([2]);
    } finally {
      await router.close();
      await sync.close();
    }
  });
});
