import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const INPUT = 'samples/transcripts.jsonl';
const RUBRIC = 'rubrics/support-qa.yaml';

const score = (db: string, ...extra: string[]) => runCli(['score', '-i', INPUT, '-r', RUBRIC, '--judge', 'offline', '--db', db, '--json', '--quiet', ...extra]);
const lines = (s: string) => s.split('\n').filter(Boolean);

describe('period reports: --rubric / --from / --to combine every run of a rubric', () => {
  const tmp = useTempDir();

  it('after merging three shards, export/outcomes/violations --rubric report all 48 conversations, not the last shard', async () => {
    const dir = tmp();
    const shards = [0, 1, 2].map((i) => pathIn(dir, `shard-${i}.db`));
    for (const [i, shard] of shards.entries()) expect((await score(shard, '--shard', `${i}/3`)).code).toBe(0);
    const merged = pathIn(dir, 'merged.db');
    expect((await runCli(['merge', ...shards, '--into', merged])).code).toBe(0);

    const lastRun = await runCli(['export', '--db', merged, '--format', 'jsonl']);
    expect(lines(lastRun.stdout).length).toBeLessThan(48); // the latest run alone is one shard

    const period = await runCli(['export', '--db', merged, '--format', 'jsonl', '--rubric', 'support_qa']);
    expect(period.code).toBe(0);
    const records = lines(period.stdout).map((l) => JSON.parse(l) as { transcript_id: string; run_id: string });
    expect(records).toHaveLength(48);
    expect(new Set(records.map((r) => r.transcript_id)).size).toBe(48);
    expect(new Set(records.map((r) => r.run_id)).size).toBe(3);
    // The rubric file names the same rubric.
    const byFile = await runCli(['export', '--db', merged, '--format', 'jsonl', '--rubric', RUBRIC]);
    expect(byFile.stdout).toBe(period.stdout);

    const outcomes = await runCli(['outcomes', '--db', merged, '--rubric', 'support_qa', '--json']);
    expect(outcomes.code).toBe(0);
    const report = JSON.parse(outcomes.stdout) as { all: { n: number }; run_id: string | null; selection: { rubric_id: string } };
    expect(report.all.n).toBe(48);
    expect(report.run_id).toBeNull();
    expect(report.selection.rubric_id).toBe('support_qa');

    // Versus a single unsharded run: the same findings.
    const full = pathIn(dir, 'full.db');
    await score(full);
    const key = (s: string) =>
      lines(s)
        .map((l) => JSON.parse(l) as { transcript_id: string; criterion_id: string; message_index: number })
        .map((f) => `${f.transcript_id} ${f.criterion_id} ${f.message_index}`)
        .sort();
    const v1 = await runCli(['violations', '--db', merged, '--rubric', 'support_qa', '--format', 'jsonl']);
    const v2 = await runCli(['violations', '--db', full, '--format', 'jsonl']);
    expect(v1.code).toBe(0);
    expect(key(v1.stdout)).toEqual(key(v2.stdout));
  });

  it('--from/--to select conversations by their start date, both ends inclusive; a date-time is exact', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    await score(db);
    const count = async (...flags: string[]) => {
      const r = await runCli(['export', '--db', db, '--format', 'jsonl', ...flags]);
      expect(r.code, r.stderr).toBe(0);
      return lines(r.stdout).length;
    };
    // The samples: 6 on Nov 1, 7 on Nov 2, 8 on Nov 3.
    expect(await count('--from', '2026-11-01', '--to', '2026-11-01')).toBe(6);
    expect(await count('--from', '2026-11-02', '--to', '2026-11-03')).toBe(15);
    expect(await count('--to', '2026-11-02')).toBe(13);
    expect(await count('--from', '2026-11-07')).toBe(5);
    // --run narrowed by a period.
    expect(await count('--run', JSON.parse((await score(db)).stdout).run_id as string, '--from', '2026-11-07')).toBe(5);
    const outcomes = JSON.parse((await runCli(['outcomes', '--db', db, '--from', '2026-11-01', '--to', '2026-11-01', '--json'])).stdout) as { all: { n: number } };
    expect(outcomes.all.n).toBe(6);
  });

  it('usage errors: bad date, empty period, unknown rubric (naming those that exist), --run with --rubric', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    await score(db);
    const bad = await runCli(['export', '--db', db, '--format', 'jsonl', '--from', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from takes an ISO 8601 date');
    const empty = await runCli(['export', '--db', db, '--format', 'jsonl', '--from', '2026-11-05', '--to', '2026-11-01']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the period is empty');
    const unknown = await runCli(['outcomes', '--db', db, '--rubric', 'support']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no score run of rubric "support"');
    expect(unknown.stderr).toContain('support_qa');
    const both = await runCli(['export', '--db', db, '--format', 'jsonl', '--rubric', 'support_qa', '--run', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exclude each other');
  });

  it('several rubrics in one database: a period needs --rubric, and says which exist', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    await score(db);
    await runCli(['score', '-i', INPUT, '-r', 'rubrics/governance.yaml', '--db', db, '--quiet']);
    const r = await runCli(['export', '--db', db, '--format', 'jsonl', '--from', '2026-11-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several rubrics (governance, support_qa)');
  });
});

describe('outcomes refuses a resolution criterion that does not exist', () => {
  const tmp = useTempDir();

  it('a rubric without a resolution criterion, or --resolution naming an unknown one: exit 2 naming the criteria', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    expect((await runCli(['score', '-i', INPUT, '-r', 'rubrics/governance.yaml', '--db', db, '--quiet'])).code).toBe(0);
    const none = await runCli(['outcomes', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('has no resolution criterion "resolution"');
    expect(none.stderr).toMatch(/its criteria: \w+ \(rule\)/);

    const db2 = pathIn(tmp(), 'support.db');
    await score(db2);
    const typo = await runCli(['outcomes', '--db', db2, '--resolution', 'resolutoin']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no resolution criterion "resolutoin"');
    expect(typo.stderr).toContain('resolution (category)');
    const wrongKind = await runCli(['outcomes', '--db', db2, '--resolution', 'tone']);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('"tone" is scale');
  });
});
