import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJudgeStack } from '../../../src/judge/build-judge-stack.js';
import { Budget } from '../../../src/judge/budget/budget.js';
import { PriceTable } from '../../../src/judge/cost/price-table.js';
import { summarizeRun } from '../../../src/report/run-summary.js';
import { scoreRun } from '../../../src/run/score-run.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { getRun } from '../../../src/store/run-repository.js';
import type { ScriptedServer } from '../../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { anthropicHarness, goodAnswer, HARNESSES, judgeFor, miniRubric, openaiHarness, orderTranscript } from '../llm/llm-fixtures.js';
import { forgetStoredResults } from '../../helpers/forget-results.js';
import { JudgeCacheRepository } from '../../../src/store/judge-cache-repository.js';

const rubric = miniRubric();
const tempDir = useTempDir();
// USD per million: input 1, cached input 0.5, output 4.
const prices = new PriceTable({ 'openai:gpt-test': { input: 1, cached_input: 0.5, output: 4 }, 'anthropic:claude-test': { input: 1, cached_input: 0.5, output: 4 } });
// Usage the fake servers report (see llm-fixtures): OpenAI 1200 prompt (1024 cached) + 300 completion;
// Anthropic 1000 input + 900 cache read (normalised to 1900 input, 900 cached) + 250 output.
const EXPECTED_COST = {
  openai: ((1200 - 1024) * 1 + 1024 * 0.5 + 300 * 4) / 1e6,
  anthropic: (1000 * 1 + 900 * 0.5 + 250 * 4) / 1e6,
};

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function input(n: number): { lines: string[] } {
  return { lines: Array.from({ length: n }, () => `${JSON.stringify(orderTranscript())}\n`) };
}

async function run(db: Db, lines: string[], judge: Parameters<typeof scoreRun>[0]['judge']) {
  return scoreRun({ db, input: Readable.from(lines), inputName: 'mem', rubric, judge, concurrency: 1 });
}

describe.each(HARNESSES)('$provider judge with cache and cost, over the wire', (h) => {
  it('a cached re-run sends zero HTTP requests; --no-cache sends them again; cost is computed from the reported usage', async () => {
    const server = await h.start();
    servers.push(server);
    server.enqueue(h.answer(goodAnswer()), h.answer(goodAnswer()));
    const db = openDatabase(pathIn(tempDir(), 'wire.db'));
    const { lines } = input(2);
    const stack = (cache: boolean) => buildJudgeStack(h.spec, () => judgeFor(h, server.baseURL), { prices, cacheStore: new JudgeCacheRepository(db), cache });

    const first = await run(db, lines, stack(true));
    expect(first.scored).toBe(2);
    expect(server.requests).toHaveLength(2);
    const calls = db.prepare('SELECT judge, cost_usd, cache_hit FROM judge_calls WHERE run_id = ?').all(first.runId) as { judge: string; cost_usd: number }[];
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.judge).toBe(h.spec);
      expect(c.cost_usd).toBeCloseTo(EXPECTED_COST[h.provider], 12);
    }

    forgetStoredResults(db);
    const second = await run(db, lines, stack(true));
    expect(second.scored).toBe(2);
    expect(server.requests).toHaveLength(2); // zero new HTTP requests
    expect(summarizeRun(db, getRun(db, second.runId)!).cost).toMatchObject({ calls: 0, cache_hits: 2, usd: 0 });

    forgetStoredResults(db);
    server.enqueue(h.answer(goodAnswer()), h.answer(goodAnswer()));
    await run(db, lines, stack(false));
    expect(server.requests).toHaveLength(4);
    db.close();
  });

  it('--max-cost stops sending requests once the budget is reached', async () => {
    const server = await h.start();
    servers.push(server);
    for (let i = 0; i < 5; i++) server.enqueue(h.answer(goodAnswer()));
    const db = openDatabase(pathIn(tempDir(), 'wire.db'));
    const budget = new Budget(EXPECTED_COST[h.provider] * 2.5);
    const judge = buildJudgeStack(h.spec, () => judgeFor(h, server.baseURL), { prices, cacheStore: new JudgeCacheRepository(db), budget });
    const result = await run(db, input(5).lines, judge);
    expect(server.requests).toHaveLength(2);
    // The rule criterion is still checked, so refused transcripts are stored as partial, their judged criteria BUDGET_EXCEEDED.
    const refused = db
      .prepare("SELECT COUNT(DISTINCT evaluation_id) AS n FROM criterion_results WHERE error_code = 'BUDGET_EXCEEDED'")
      .get() as { n: number };
    expect(refused.n).toBe(3);
    expect(db.prepare("SELECT status, COUNT(*) AS n FROM evaluations WHERE run_id = ? GROUP BY status ORDER BY status").all(result.runId)).toEqual([
      { status: 'partial', n: 3 },
      { status: 'scored', n: 2 },
    ]);
    expect(budget.refusedCount).toBe(3);
    expect(budget.spent).toBeLessThanOrEqual(EXPECTED_COST[h.provider] * 2.5);
    db.close();
  });
});

describe('an OpenAI + Anthropic panel over the wire', () => {
  it('asks each provider once per transcript, stores both votes and sums both costs', async () => {
    const openai = await openaiHarness.start();
    const anthropic = await anthropicHarness.start();
    servers.push(openai, anthropic);
    openai.enqueue(openaiHarness.answer(goodAnswer()));
    anthropic.enqueue(anthropicHarness.answer(goodAnswer()));
    const db = openDatabase(pathIn(tempDir(), 'panel.db'));
    const pick = (spec: string) => (spec === openaiHarness.spec ? judgeFor(openaiHarness, openai.baseURL) : judgeFor(anthropicHarness, anthropic.baseURL));
    const judge = buildJudgeStack(`${openaiHarness.spec},${anthropicHarness.spec}`, pick, { prices, cacheStore: new JudgeCacheRepository(db) });
    const result = await run(db, input(1).lines, judge);
    expect(result.scored).toBe(1);
    expect([openai.requests.length, anthropic.requests.length]).toEqual([1, 1]);
    const tone = db.prepare("SELECT value_json, judge FROM criterion_results WHERE criterion_id = 'tone'").get();
    expect(tone).toEqual({ value_json: '4', judge: 'openai:gpt-test,anthropic:claude-test' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM panel_votes').get()).toEqual({ n: 8 }); // 4 judged criteria × 2 members
    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.cost.calls).toBe(2);
    expect(summary.cost.usd).toBeCloseTo(EXPECTED_COST.openai + EXPECTED_COST.anthropic, 6);
    db.close();
  });
});
