import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildJudgeStack } from '../../../src/judge/build-judge-stack.js';
import { PriceTable } from '../../../src/judge/cost/price-table.js';
import type { Judge } from '../../../src/judge/judge.js';
import { PanelJudge } from '../../../src/judge/panel/panel-judge.js';
import { selectJudge } from '../../../src/judge/select-judge.js';
import { exportRecords } from '../../../src/report/export-records.js';
import { summarizeRun } from '../../../src/report/run-summary.js';
import { parseRubric } from '../../../src/rubric/load.js';
import { scoreRun } from '../../../src/run/score-run.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { getRun } from '../../../src/store/run-repository.js';
import { CountingJudge, TEST_RUBRIC_YAML } from '../../helpers/counting-judge.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../../helpers/transcripts.js';
import { JudgeCacheRepository } from '../../../src/store/judge-cache-repository.js';

const tempDir = useTempDir();
const rubric = parseRubric(TEST_RUBRIC_YAML, 't.yaml');
const prices = new PriceTable({ 'fake:a': { input: 1, output: 1 }, 'fake:b': { input: 2, output: 2 }, 'fake:c': { input: 3, output: 3 } });

describe('PanelJudge in a scoring run', () => {
  it('runs members in parallel, stores each vote, counts disputes and marks them in export', async () => {
    const db = openDatabase(pathIn(tempDir(), 'p.db'));
    const input = pathIn(tempDir(), 'in.jsonl');
    const agreed = makeTranscript([say('customer', 'agreed')]);
    const split = makeTranscript([say('customer', 'split')]);
    writeFileSync(input, toJsonl([agreed, split]));
    const usage = { input_tokens: 1_000_000, output_tokens: 0 };
    // On the "split" transcript the three members each pick a different resolution label.
    const member = (name: string, label: string) =>
      new CountingJudge(name, { usage, delayMs: 20, answer: (c, req) => (c.id === 'resolution' && req.transcript.id === split.id ? { value: label } : {}) });
    const a = member('fake:a', 'resolved');
    const b = member('fake:b', 'unresolved');
    const c = member('fake:c', 'escalated');
    let inFlight = 0;
    let maxInFlight = 0;
    const tracked = (m: CountingJudge): Judge => ({
      name: m.name,
      fingerprint: m.fingerprint,
      judge: async (req) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await m.judge(req);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const pick = (s: string) => tracked({ 'fake:a': a, 'fake:b': b, 'fake:c': c }[s]!);
    const judge = buildJudgeStack('fake:a,fake:b,fake:c', pick, { prices, cacheStore: new JudgeCacheRepository(db) });
    expect(judge).toBeInstanceOf(PanelJudge);
    expect(judge.name).toBe('fake:a,fake:b,fake:c');
    const result = await scoreRun({ db, input, rubric, judge, concurrency: 1 });
    expect(maxInFlight).toBe(3); // one transcript at a time, its three members in parallel
    expect([a.calls, b.calls, c.calls]).toEqual([2, 2, 2]);

    const votes = db.prepare('SELECT criterion_id, judge, value_json FROM panel_votes WHERE criterion_id = ? ORDER BY evaluation_id, judge').all('resolution');
    expect(votes).toHaveLength(6);
    expect(votes.slice(3)).toEqual([
      { criterion_id: 'resolution', judge: 'fake:a', value_json: '"resolved"' },
      { criterion_id: 'resolution', judge: 'fake:b', value_json: '"unresolved"' },
      { criterion_id: 'resolution', judge: 'fake:c', value_json: '"escalated"' },
    ]);

    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.judge).toBe('fake:a,fake:b,fake:c');
    expect(summary.criteria['resolution']).toMatchObject({ disputed: 1, errors: 1, n: 1 });
    expect(summary.criteria['policy']).toMatchObject({ disputed: 0, n: 2 });
    expect(summary.cost).toMatchObject({ calls: 6, usd: 2 * (1 + 2 + 3) });

    const records = [...exportRecords(db, result.runId)];
    const disputed = records.filter((r) => Object.values(r.criteria).some((x) => x.disputed)).map((r) => r.transcript_id);
    expect(disputed).toEqual([split.id]);
    expect(records[1]!.criteria['resolution']).toMatchObject({ disputed: true, value: null, judge: 'fake:a,fake:b,fake:c', error: { code: 'PANEL_DISPUTED' } });
    expect(records[0]!.criteria['resolution']).not.toHaveProperty('disputed');
    db.close();
  });

  it('a member that throws disputes the verdicts instead of failing the transcript', async () => {
    const ok = new CountingJudge('fake:a');
    const broken = { name: 'fake:b', fingerprint: 'b', judge: async () => Promise.reject(Object.assign(new Error('boom'), { code: 'PROVIDER_DOWN' })) };
    const panel = new PanelJudge([ok, broken]);
    const t = makeTranscript([say('customer', 'x')]);
    const r = await panel.judge({ transcript: t, transcriptHash: 'h', rubric: rubric.rubric, rubricHash: rubric.hash, criteria: rubric.rubric.criteria as never });
    expect(r.verdicts.every((v) => v.error?.code === 'PANEL_DISPUTED')).toBe(true);
    expect(r.verdicts[0]!.error?.message).toContain('fake:b=error PROVIDER_DOWN');
  });

  it('selectJudge builds a panel from a comma-separated spec', () => {
    const judge = selectJudge('openai:gpt-4.1-mini, anthropic:claude-haiku-4-5', { env: { OPENAI_API_KEY: 'k-123456', ANTHROPIC_API_KEY: 'k-123456' } });
    expect(judge).toBeInstanceOf(PanelJudge);
    expect(judge.name).toBe('openai:gpt-4.1-mini,anthropic:claude-haiku-4-5');
    expect(() => selectJudge('openai:a,openai:a', { env: { OPENAI_API_KEY: 'k-123456' } })).toThrow(expect.objectContaining({ code: 'JUDGE_PANEL_INVALID' }));
  });

  it('rejects empty and duplicate members', () => {
    expect(() => buildJudgeStack('fake:a,,fake:b', () => new CountingJudge('x'), { prices })).toThrow(expect.objectContaining({ code: 'JUDGE_PANEL_INVALID' }));
    expect(() => buildJudgeStack('fake:a, fake:a', () => new CountingJudge('x'), { prices })).toThrow(expect.objectContaining({ code: 'JUDGE_PANEL_INVALID' }));
  });
});
