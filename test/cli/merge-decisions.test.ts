import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { storeFit } from '../../src/store/fit-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { queryDb as rows } from '../helpers/database-contents.js';

const INPUT = 'samples/transcripts.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';

describe('cxqa merge copies human decisions and fitted models', () => {
  const tmp = useTempDir();

  it('a decision made in a shard is in the merged database, on the renumbered evaluation, and wins in its export; merging again adds nothing', async () => {
    const dir = tmp();
    const shards = [0, 1].map((i) => pathIn(dir, `shard-${i}.db`));
    for (const [i, shard] of shards.entries()) {
      const r = await runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'offline', '--db', shard, '--quiet', '--shard', `${i}/2`]);
      expect(r.code, r.stderr).toBe(0);
    }
    // A transcript of the second shard: its evaluations are renumbered after the first shard's in the target.
    const tid = rows<{ transcript_id: string }>(shards[1]!, 'SELECT transcript_id FROM evaluations ORDER BY id LIMIT 1')[0]!.transcript_id;
    const decided = await runCli(['review', 'decide', tid, 'resolution', 'escalated', '--reviewer', 'ana', '--note', 'checked in CRM', '--db', shards[1]!]);
    expect(decided.code, decided.stderr).toBe(0);
    const shardDb = openDatabase(shards[1]!);
    const model = { kind: 'isotonic', x: [1, 5], y: [1, 5] };
    storeFit(shardDb, { rubricId: 'support_qa', criterionId: 'tone', judge: 'offline:v1', judgeFingerprint: 'fp', source: 'eval', labels: 10, model, cv: {} } as never);
    shardDb.close();

    const merged = pathIn(dir, 'merged.db');
    const m = await runCli(['merge', '--into', merged, '--json', ...shards]);
    expect(m.code, m.stderr).toBe(0);
    const stats = m.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(stats.map((s) => s['human_decisions'])).toEqual([0, 1]);
    expect(stats.map((s) => s['judge_fits'])).toEqual([0, 1]);

    const [decision] = rows<{ transcript_id: string; reviewer: string; note: string; evaluation_transcript: string | null }>(
      merged,
      `SELECT d.transcript_id, d.reviewer, d.note, e.transcript_id AS evaluation_transcript
       FROM human_decisions d LEFT JOIN evaluations e ON e.id = d.evaluation_id`,
    );
    expect(decision).toEqual({ transcript_id: tid, reviewer: 'ana', note: 'checked in CRM', evaluation_transcript: tid });
    expect(rows(merged, 'SELECT criterion_id, judge_fingerprint FROM judge_fits')).toEqual([{ criterion_id: 'tone', judge_fingerprint: 'fp' }]);

    const exported = (await runCli(['export', '--db', merged, '--format', 'jsonl'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { transcript_id: string; criteria: Record<string, { value: unknown; judge: string }> });
    expect(exported.find((r) => r.transcript_id === tid)!.criteria['resolution']).toMatchObject({ value: 'escalated', judge: 'human:ana' });
    expect((await runCli(['audit', 'verify', '--db', merged])).code).toBe(0);

    const again = await runCli(['merge', '--into', merged, '--json', ...shards]);
    expect(again.code).toBe(0);
    for (const line of again.stdout.trim().split('\n')) expect(JSON.parse(line)).toMatchObject({ human_decisions: 0, judge_fits: 0, calibration_results: 0 });
    expect(rows(merged, 'SELECT id FROM human_decisions')).toHaveLength(1);
  });
});
