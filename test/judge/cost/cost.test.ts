import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildJudgeStack } from '../../../src/judge/build-judge-stack.js';
import { computeCost } from '../../../src/judge/cost/compute-cost.js';
import { CostingJudge } from '../../../src/judge/cost/costing-judge.js';
import { estimateTokens } from '../../../src/judge/cost/estimate-tokens.js';
import { estimateRequestTokens } from '../../../src/judge/cost/estimate-request.js';
import { BUILT_IN_PRICES, PriceTable } from '../../../src/judge/cost/price-table.js';
import type { JudgeRequest } from '../../../src/judge/judge.js';
import { parseRubric } from '../../../src/rubric/load.js';
import type { JudgedCriterion } from '../../../src/rubric/schema.js';
import { summarizeRun } from '../../../src/report/run-summary.js';
import { scoreRun } from '../../../src/run/score-run.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { getRun } from '../../../src/store/run-repository.js';
import { contentHash } from '../../../src/shared/hash.js';
import { CountingJudge, TEST_RUBRIC_YAML } from '../../helpers/counting-judge.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../../helpers/transcripts.js';
import { JudgeCacheRepository } from '../../../src/store/judge-cache-repository.js';

const tempDir = useTempDir();
const rubric = parseRubric(TEST_RUBRIC_YAML, 't.yaml');
const criteria = rubric.rubric.criteria as JudgedCriterion[];

function request(): JudgeRequest {
  const transcript = makeTranscript([say('customer', 'hi'), say('agent', 'hello')]);
  return { transcript, transcriptHash: contentHash(transcript), rubric: rubric.rubric, rubricHash: rubric.hash, criteria };
}

describe('prices and cost', () => {
  it('bills cached input at the cached price and the rest at the input price', () => {
    const price = { input: 2, cached_input: 0.5, output: 8 };
    // (600 × 2 + 400 × 0.5 + 100 × 8) / 1e6
    expect(computeCost({ input_tokens: 1000, cached_input_tokens: 400, output_tokens: 100 }, price)).toBeCloseTo(0.0022, 10);
    expect(computeCost({ input_tokens: 1_000_000, output_tokens: 0 }, price)).toBe(2);
    // A cached count above the input count cannot make the cost negative.
    expect(computeCost({ input_tokens: 10, cached_input_tokens: 50, output_tokens: 0 }, price)).toBeCloseTo(10 * 0.5 / 1e6, 12);
  });

  it('looks up built-in prices, dated model ids, and config overrides (which win)', () => {
    const table = new PriceTable({ 'openai:gpt-4.1-mini': { input: 9, output: 9 }, 'openai:my-model': { input: 0.4, cached_input: 0.1, output: 1.6 } });
    expect(table.lookup('openai:gpt-4.1-mini')).toEqual({ input: 9, cached_input: 9, output: 9 });
    expect(table.lookup('openai:my-model')).toEqual({ input: 0.4, cached_input: 0.1, output: 1.6 });
    expect(table.lookup('anthropic:claude-sonnet-4-5-20250929')).toEqual(BUILT_IN_PRICES['anthropic:claude-sonnet-4-5']);
    expect(table.lookup('openai:gpt-4o-2024-08-06')).toEqual(BUILT_IN_PRICES['openai:gpt-4o']);
    expect(table.lookup('openai:unknown-model')).toBeUndefined();
    for (const model of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o4-mini']) expect(table.lookup(`openai:${model}`)).toBeDefined();
    for (const model of ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1']) expect(table.lookup(`anthropic:${model}`)).toBeDefined();
  });

  it('an unknown model gives a null cost and one warning, never an error', async () => {
    const warnings: string[] = [];
    const judge = new CostingJudge(new CountingJudge('openai:mystery', { usage: { input_tokens: 10, output_tokens: 5 } }), new PriceTable(), (n) => warnings.push(n));
    const first = await judge.judge(request());
    await judge.judge(request());
    expect(first.cost_usd).toBeUndefined();
    expect(first.calls).toEqual([{ judge: 'openai:mystery', usage: { input_tokens: 10, output_tokens: 5 }, cost_usd: null, cache_hit: false }]);
    expect(warnings).toEqual(['openai:mystery']);
  });

  it('prices each call a judge lists itself (e.g. one call per criterion) and sums them', async () => {
    const inner = new CountingJudge('openai:gpt-4.1');
    const listing = {
      name: inner.name,
      fingerprint: inner.fingerprint,
      judge: async (req: JudgeRequest) => ({
        ...(await inner.judge(req)),
        calls: [1, 2].map(() => ({ judge: 'openai:gpt-4.1', usage: { input_tokens: 1_000_000, output_tokens: 0 }, cost_usd: null, cache_hit: false })),
      }),
    };
    const r = await new CostingJudge(listing, new PriceTable()).judge(request());
    expect(r.calls?.map((c) => c.cost_usd)).toEqual([2, 2]);
    expect(r.cost_usd).toBe(4);
  });

  it('keeps a cost the judge computed itself', async () => {
    const judge = new CostingJudge(new CountingJudge('openai:gpt-4.1', { usage: { input_tokens: 10, output_tokens: 5 }, cost: 1.25 }), new PriceTable());
    expect((await judge.judge(request())).cost_usd).toBe(1.25);
  });

  it('estimates tokens as ceil(chars / 4), and a request from its prompt plus an allowance per criterion', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    const short = makeTranscript([say('customer', 'hi')]);
    const long = makeTranscript([say('customer', 'x'.repeat(4000))]);
    const a = estimateRequestTokens(rubric.rubric, short, criteria);
    const b = estimateRequestTokens(rubric.rubric, long, criteria);
    expect(b.input_tokens - a.input_tokens).toBeGreaterThanOrEqual(990);
    expect(a.output_tokens).toBe(20 + 150 * criteria.length);
    expect(estimateRequestTokens(rubric.rubric, short, criteria.slice(0, 1)).output_tokens).toBe(170);
  });
});

describe('usage and cost in a scoring run', () => {
  it('stores usage and cost per call and per evaluation, and sums them in the run summary', async () => {
    const db = openDatabase(pathIn(tempDir(), 'cost.db'));
    const input = pathIn(tempDir(), 'in.jsonl');
    const transcripts = [1, 2, 3].map((i) => makeTranscript([say('customer', `q${i}`)]));
    writeFileSync(input, toJsonl(transcripts));
    let n = 0;
    const inner = new CountingJudge('fake:priced', {
      usage: () => {
        n += 1;
        return { input_tokens: 1000 * n, output_tokens: 100, cached_input_tokens: 500 };
      },
    });
    const prices = new PriceTable({ 'fake:priced': { input: 2, cached_input: 1, output: 10 } });
    const judge = buildJudgeStack('fake:priced', () => inner, { prices, cacheStore: new JudgeCacheRepository(db), cache: false });
    const result = await scoreRun({ db, input, rubric, judge, concurrency: 1 });
    const calls = db.prepare('SELECT transcript_id, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit FROM judge_calls WHERE run_id = ? ORDER BY id').all(result.runId) as {
      transcript_id: string;
      cost_usd: number;
    }[];
    const cost = (k: number) => ((1000 * k - 500) * 2 + 500 * 1 + 100 * 10) / 1e6;
    expect(calls).toEqual(
      [1, 2, 3].map((k) => ({
        transcript_id: transcripts[k - 1]!.id,
        input_tokens: 1000 * k,
        output_tokens: 100,
        cached_input_tokens: 500,
        cost_usd: cost(k),
        cache_hit: 0,
      })),
    );
    const evals = db.prepare('SELECT input_tokens, cost_usd FROM evaluations ORDER BY id').all() as { input_tokens: number; cost_usd: number }[];
    expect(evals.map((e) => e.input_tokens)).toEqual([1000, 2000, 3000]);
    expect(evals[2]!.cost_usd).toBeCloseTo(cost(3), 12);
    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.cost.calls).toBe(3);
    expect(summary.cost.cache_hits).toBe(0);
    expect(summary.cost.input_tokens).toBe(6000);
    expect(summary.cost.output_tokens).toBe(300);
    expect(summary.cost.usd).toBeCloseTo(cost(1) + cost(2) + cost(3), 6);
    db.close();
  });

  it('an unpriced model is scored, with a null cost and the call counted as unpriced', async () => {
    const db = openDatabase(pathIn(tempDir(), 'unpriced.db'));
    const input = pathIn(tempDir(), 'in.jsonl');
    writeFileSync(input, toJsonl([makeTranscript([say('customer', 'q')])]));
    const warned: string[] = [];
    const inner = new CountingJudge('openai:no-such-model', { usage: { input_tokens: 10, output_tokens: 1 } });
    const judge = buildJudgeStack('openai:no-such-model', () => inner, { prices: new PriceTable(), cacheStore: new JudgeCacheRepository(db), onUnknownPrice: (n) => warned.push(n) });
    const result = await scoreRun({ db, input, rubric, judge });
    expect(result.scored).toBe(1);
    expect(warned).toEqual(['openai:no-such-model']);
    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.cost).toMatchObject({ usd: 0, calls: 1, unpriced_calls: 1, input_tokens: 10 });
    db.close();
  });
});
