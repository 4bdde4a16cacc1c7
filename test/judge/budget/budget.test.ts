import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Budget } from '../../../src/judge/budget/budget.js';
import { BUDGET_EXCEEDED } from '../../../src/judge/budget/budgeted-judge.js';
import { buildJudgeStack } from '../../../src/judge/build-judge-stack.js';
import { PriceTable } from '../../../src/judge/cost/price-table.js';
import { parseRubric } from '../../../src/rubric/load.js';
import { scoreRun } from '../../../src/run/score-run.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { CountingJudge, TEST_RUBRIC_YAML } from '../../helpers/counting-judge.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../../helpers/transcripts.js';
import { forgetStoredResults } from '../../helpers/forget-results.js';
import { JudgeCacheRepository } from '../../../src/store/judge-cache-repository.js';

const tempDir = useTempDir();
const rubric = parseRubric(TEST_RUBRIC_YAML, 't.yaml');
// 1 USD per million input tokens: 10,000 input tokens = $0.01 per call.
const prices = new PriceTable({ 'fake:paid': { input: 1, output: 0 } });
const CALL_COST = 0.01;

function input(n: number): string {
  const file = pathIn(tempDir(), 'in.jsonl');
  writeFileSync(file, toJsonl(Array.from({ length: n }, (_, i) => makeTranscript([say('customer', `q${i}`)]))));
  return file;
}

describe('Budget', () => {
  it('reserves before a call, books the actual cost after, and stays exhausted once a call is refused', () => {
    const b = new Budget(1);
    const r1 = b.tryReserve(0.6, 't1')!;
    expect(r1).not.toBeNull();
    expect(b.tryReserve(0.6, 't2')).toBeNull(); // 0.6 reserved + 0.6 > 1
    expect(b.exhausted).toBe(true);
    b.settle(r1, 0.1);
    b.settle(r1, 0.1); // settling twice books once
    expect(b.spent).toBeCloseTo(0.1, 12);
    expect(b.tryReserve(0.01, 't3')).toBeNull();
    expect(b.refusedCount).toBe(2);
  });
});

describe('--max-cost in a scoring run', () => {
  it('stops calling the judge when the next call would exceed the budget; refused transcripts fail with BUDGET_EXCEEDED', async () => {
    const db = openDatabase(pathIn(tempDir(), 'b.db'));
    const inner = new CountingJudge('fake:paid', { usage: { input_tokens: 10_000, output_tokens: 0 } });
    const budget = new Budget(0.035);
    const judge = buildJudgeStack('fake:paid', () => inner, { prices, cacheStore: new JudgeCacheRepository(db), budget });
    const result = await scoreRun({ db, input: input(10), rubric, judge, concurrency: 1 });
    expect(inner.calls).toBe(3); // 3 × 0.01 spent; a 4th would reach 0.04 > 0.035
    expect(budget.spent).toBeCloseTo(0.03, 10);
    expect(budget.spent).toBeLessThanOrEqual(0.035);
    expect(budget.refusedCount).toBe(7);
    expect(result).toMatchObject({ scored: 3, failed: 7 });
    const codes = db.prepare("SELECT DISTINCT error_code FROM evaluations WHERE status = 'failed'").all();
    expect(codes).toEqual([{ error_code: BUDGET_EXCEEDED }]);
    const spent = db.prepare('SELECT SUM(cost_usd) AS usd, COUNT(*) AS n FROM judge_calls').get() as { usd: number; n: number };
    expect(spent.n).toBe(3);
    expect(spent.usd).toBeCloseTo(0.03, 10);
    db.close();
  });

  it('a later run with a higher budget scores the transcripts left over, without redoing the others', async () => {
    const db = openDatabase(pathIn(tempDir(), 'b.db'));
    const file = input(5);
    const inner = new CountingJudge('fake:paid', { usage: { input_tokens: 10_000, output_tokens: 0 } });
    await scoreRun({ db, input: file, rubric, judge: buildJudgeStack('fake:paid', () => inner, { prices, cacheStore: new JudgeCacheRepository(db), budget: new Budget(0.02) }), concurrency: 1 });
    expect(inner.calls).toBe(2);
    const second = await scoreRun({ db, input: file, rubric, judge: buildJudgeStack('fake:paid', () => inner, { prices, cacheStore: new JudgeCacheRepository(db), budget: new Budget(1) }), concurrency: 1 });
    expect(inner.calls).toBe(5);
    expect(second).toMatchObject({ reused: 2, scored: 3, failed: 0 });
    db.close();
  });

  it('with calls in flight, spending stays within the budget plus one call estimate', async () => {
    const db = openDatabase(pathIn(tempDir(), 'b.db'));
    // The actual cost (0.01) is several times the first-call (dry-run) estimate for these tiny prompts, so the
    // first reservations under-estimate until the running mean of observed costs takes over.
    const inner = new CountingJudge('fake:paid', { usage: { input_tokens: 10_000, output_tokens: 0 }, delayMs: 5 });
    const budget = new Budget(0.05);
    const judge = buildJudgeStack('fake:paid', () => inner, { prices, cacheStore: new JudgeCacheRepository(db), budget, cache: false });
    await scoreRun({ db, input: input(40), rubric, judge, concurrency: 4 });
    expect(inner.maxInFlight).toBeGreaterThan(1);
    expect(inner.calls).toBeLessThan(40);
    expect(budget.spent).toBeLessThanOrEqual(0.05 + CALL_COST + 1e-12);
    expect(budget.spent).toBeGreaterThanOrEqual(0.05 - CALL_COST * 4);
    db.close();
  });

  it('cache hits spend nothing and are served even after the budget is reached', async () => {
    const db = openDatabase(pathIn(tempDir(), 'b.db'));
    const file = input(3);
    const inner = new CountingJudge('fake:paid', { usage: { input_tokens: 10_000, output_tokens: 0 } });
    await scoreRun({ db, input: file, rubric, judge: buildJudgeStack('fake:paid', () => inner, { prices, cacheStore: new JudgeCacheRepository(db) }) });
    forgetStoredResults(db);
    const budget = new Budget(0.001);
    const result = await scoreRun({ db, input: file, rubric, judge: buildJudgeStack('fake:paid', () => inner, { prices, cacheStore: new JudgeCacheRepository(db), budget }) });
    expect(inner.calls).toBe(3);
    expect(result.scored).toBe(3);
    expect(budget.spent).toBe(0);
    db.close();
  });

  it('refuses to start when a paid judge has no price', () => {
    expect(() => buildJudgeStack('fake:unpriced', () => new CountingJudge('fake:unpriced'), { prices, budget: new Budget(1) })).toThrow(
      expect.objectContaining({ code: 'BUDGET_PRICE_UNKNOWN' }),
    );
  });
});
