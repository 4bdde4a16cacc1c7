import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { orderTranscript } from '../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, prepareBatchWorkspace, query, type BatchServer } from '../run/batch/batch-harness.js';

const count = (db: string, sql: string): number => query<{ n: number }>(db, sql)[0]!.n;

describe.each(BATCH_HARNESSES)('cxqa merge and provider batches ($provider)', (h) => {
  const tempDir = useTempDir();
  let server: BatchServer | undefined;
  let input: string;
  let rubricFile: string;

  beforeEach(() => {
    ({ input, rubricFile } = prepareBatchWorkspace(h, tempDir));
    writeFileSync(input, [orderTranscript(), orderTranscript()].map((t) => JSON.stringify(t)).join('\n') + '\n');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  const submit = (db: string) => runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', server!.baseURL, '--db', db, '--mode', 'batch']);
  const collect = (db: string) => runCli(['batch', 'collect', '--db', db, '--wait', '--poll-interval', '0.01']);
  const merge = (into: string, ...rest: string[]) => runCli(['merge', '--into', into, '--json', ...rest]);

  it('refuses a shard whose batches are not collected, naming them; merges nothing; copies them once collected, once', async () => {
    const dir = tempDir();
    const shard = pathIn(dir, 'shard.db');
    const offlineShard = pathIn(dir, 'offline.db');
    const target = pathIn(dir, 'merged.db');
    server = await h.start();
    expect((await submit(shard)).code).toBe(0);
    const [batch] = query<{ id: string }>(shard, 'SELECT id FROM provider_batches');
    expect((await runCli(['score', '-i', input, '-r', rubricFile, '--judge', 'offline', '--db', offlineShard])).code).toBe(0);

    const refused = await merge(target, offlineShard, shard);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${shard} has 1 provider batches not collected yet: ${batch!.id} (${h.provider}, pending)`);
    expect(refused.stderr).toContain(`cxqa batch collect --db ${shard} --wait`);
    expect(refused.stderr).toContain('--force');
    expect(refused.stdout).toBe('');
    expect(count(target, 'SELECT COUNT(*) AS n FROM runs')).toBe(0); // not even the good shard

    expect((await collect(shard)).code).toBe(0);
    const merged = await merge(target, offlineShard, shard);
    expect(merged.code).toBe(0);
    const stats = merged.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(stats[1]).toMatchObject({ provider_batches: 1, provider_batch_items: 2, provider_batches_updated: 0, evaluations: 2 });
    const rows = (db: string) => query(db, 'SELECT * FROM provider_batches ORDER BY id');
    const items = (db: string) => query(db, 'SELECT * FROM provider_batch_items ORDER BY batch_id, custom_id');
    expect(rows(target)).toEqual(rows(shard));
    expect(items(target)).toEqual(items(shard));
    expect(count(target, "SELECT COUNT(*) AS n FROM provider_batches b JOIN runs r ON r.id = b.run_id")).toBe(1);

    const again = await merge(target, shard);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ runs: 0, evaluations: 0, provider_batches: 0, provider_batch_items: 0, provider_batches_updated: 0 });
    expect(rows(target)).toEqual(rows(shard));
    expect(items(target)).toHaveLength(2);
  });

  it('--force copies open batches as they are: collectable from the target, brought up to date by a later merge', async () => {
    const dir = tempDir();
    const shard = pathIn(dir, 'shard.db');
    const target = pathIn(dir, 'merged.db');
    const other = pathIn(dir, 'other.db');
    server = await h.start();
    expect((await submit(shard)).code).toBe(0);
    const forced = await merge(target, '--force', shard);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ provider_batches: 1, provider_batch_items: 2 });
    expect(query(target, 'SELECT status FROM provider_batches')).toEqual([{ status: 'pending' }]);

    // Collected from a copy of the target: stored there like in the shard.
    expect((await merge(other, '--force', target)).code).toBe(0);
    expect((await collect(other)).code).toBe(0);
    expect(count(other, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")).toBe(2);

    // The shard collects its own batch; merging it again updates the target's open copy instead of duplicating it.
    expect((await collect(shard)).code).toBe(0);
    const again = await merge(target, shard);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ provider_batches: 0, provider_batch_items: 0, provider_batches_updated: 1, evaluations: 2 });
    expect(query(target, 'SELECT status FROM provider_batches')).toEqual([{ status: 'collected' }]);
    expect(query(target, 'SELECT DISTINCT status FROM provider_batch_items')).toEqual([{ status: 'stored' }]);
    const status = await runCli(['batch', 'collect', '--db', target]);
    expect(status.stdout).toContain('no batches to collect');
    for (const db of [target, other, shard]) expect((await runCli(['audit', 'verify', '--db', db])).code).toBe(0);
  });
});
