import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CachedJudge } from '../../../src/judge/cache/cached-judge.js';
import { judgeCacheKey } from '../../../src/judge/cache/cache-key.js';
import { buildJudgeStack } from '../../../src/judge/build-judge-stack.js';
import { PriceTable } from '../../../src/judge/cost/price-table.js';
import type { JudgeRequest } from '../../../src/judge/judge.js';
import { parseRubric } from '../../../src/rubric/load.js';
import type { JudgedCriterion } from '../../../src/rubric/schema.js';
import { summarizeRun } from '../../../src/report/run-summary.js';
import { scoreRun } from '../../../src/run/score-run.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { getRun } from '../../../src/store/run-repository.js';
import { contentHash } from '../../../src/shared/hash.js';
import { CountingJudge, TEST_RUBRIC_YAML } from '../../helpers/counting-judge.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../../helpers/transcripts.js';
import { forgetStoredResults } from '../../helpers/forget-results.js';
import { JudgeCacheRepository } from '../../../src/store/judge-cache-repository.js';

const tempDir = useTempDir();
const rubric = parseRubric(TEST_RUBRIC_YAML, 't.yaml');
const criteria = rubric.rubric.criteria as JudgedCriterion[];
const usage = { input_tokens: 1000, output_tokens: 200 };

function request(transcript = makeTranscript([say('customer', 'hi'), say('agent', 'hello')])): JudgeRequest {
  return { transcript, transcriptHash: contentHash(transcript), rubric: rubric.rubric, rubricHash: rubric.hash, criteria };
}

function db(): Db {
  return openDatabase(pathIn(tempDir(), 'c.db'));
}

function writeInput(n: number): string {
  const file = pathIn(tempDir(), 'in.jsonl');
  writeFileSync(file, toJsonl(Array.from({ length: n }, (_, i) => makeTranscript([say('customer', `question ${i}`), say('agent', 'answer')]))));
  return file;
}

describe('CachedJudge', () => {
  it('answers a repeated request from the cache: one inner call, same verdicts, zero new cost', async () => {
    const d = db();
    const inner = new CountingJudge('openai:gpt-4.1-mini', { usage, cost: 0.5 });
    const judge = new CachedJudge(inner, new JudgeCacheRepository(d));
    expect(judge.name).toBe(inner.name);
    expect(judge.fingerprint).toBe(inner.fingerprint);
    const req = request();
    const first = await judge.judge(req);
    const second = await judge.judge(req);
    expect(inner.calls).toBe(1);
    expect(second.verdicts).toEqual(first.verdicts);
    expect(second.cost_usd).toBe(0);
    expect(second.calls).toEqual([{ judge: inner.name, usage: { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0 }, cost_usd: 0, cache_hit: true }]);
    const row = d.prepare('SELECT judge, usage_json, cost_usd FROM judge_cache').get() as { judge: string; usage_json: string; cost_usd: number };
    expect(row).toEqual({ judge: inner.name, usage_json: JSON.stringify({ ...usage, cached_input_tokens: 0 }), cost_usd: 0.5 });
    d.close();
  });

  it('never caches a response with an error verdict', async () => {
    const d = db();
    const inner = new CountingJudge('openai:x', {
      answer: (c) => (c.id === 'policy' ? { value: null, error: { code: 'JUDGE_SCHEMA_INVALID', message: 'bad json' } } : {}),
    });
    const judge = new CachedJudge(inner, new JudgeCacheRepository(d));
    const req = request();
    await judge.judge(req);
    await judge.judge(req);
    expect(inner.calls).toBe(2);
    expect((d.prepare('SELECT COUNT(*) AS n FROM judge_cache').get() as { n: number }).n).toBe(0);
    d.close();
  });

  it('keys on fingerprint, rubric hash, transcript hash and the set of criteria (not their order)', () => {
    const req = request();
    const key = judgeCacheKey('fp', req);
    expect(judgeCacheKey('fp', { ...req, criteria: [...criteria].reverse() })).toBe(key);
    expect(judgeCacheKey('fp2', req)).not.toBe(key);
    expect(judgeCacheKey('fp', { ...req, rubricHash: 'other' })).not.toBe(key);
    expect(judgeCacheKey('fp', { ...req, transcriptHash: 'other' })).not.toBe(key);
    expect(judgeCacheKey('fp', { ...req, criteria: criteria.slice(1) })).not.toBe(key);
  });
});

describe('cache in a scoring run', () => {
  const prices = new PriceTable({ 'fake:a': { input: 1, output: 2 }, 'fake:b': { input: 1, output: 2 } });

  it('a re-run whose evaluations are missing makes zero inner calls, and reports the hits at zero cost', async () => {
    const d = db();
    const input = writeInput(3);
    const inner = new CountingJudge('fake:a', { usage });
    const judge = buildJudgeStack('fake:a', () => inner, { prices, cacheStore: new JudgeCacheRepository(d) });
    await scoreRun({ db: d, input, rubric, judge });
    expect(inner.calls).toBe(3);
    forgetStoredResults(d); // e.g. a database restored without results
    const again = await scoreRun({ db: d, input, rubric, judge });
    expect(inner.calls).toBe(3);
    expect(again.scored).toBe(3);
    const cost = summarizeRun(d, getRun(d, again.runId)!).cost;
    expect(cost).toEqual({ usd: 0, input_tokens: 0, output_tokens: 0, calls: 0, cache_hits: 3, unpriced_calls: 0 });
    const hits = d.prepare('SELECT cache_hit, cost_usd FROM evaluations').all();
    expect(hits).toEqual([1, 2, 3].map(() => ({ cache_hit: 1, cost_usd: 0 })));
    d.close();
  });

  it('with cache: false (--no-cache) calls the judge again and writes nothing to the cache', async () => {
    const d = db();
    const input = writeInput(2);
    const inner = new CountingJudge('fake:a', { usage });
    await scoreRun({ db: d, input, rubric, judge: buildJudgeStack('fake:a', () => inner, { prices, cacheStore: new JudgeCacheRepository(d) }) });
    forgetStoredResults(d);
    d.exec('DELETE FROM judge_cache');
    await scoreRun({ db: d, input, rubric, judge: buildJudgeStack('fake:a', () => inner, { prices, cacheStore: new JudgeCacheRepository(d), cache: false }) });
    expect(inner.calls).toBe(4);
    expect((d.prepare('SELECT COUNT(*) AS n FROM judge_cache').get() as { n: number }).n).toBe(0);
    d.close();
  });

  it('adding a member to a panel reuses the cached answers of the others', async () => {
    const d = db();
    const input = writeInput(2);
    const a = new CountingJudge('fake:a', { usage });
    const b = new CountingJudge('fake:b', { usage });
    const pick = (spec: string) => (spec === 'fake:a' ? a : b);
    await scoreRun({ db: d, input, rubric, judge: buildJudgeStack('fake:a', pick, { prices, cacheStore: new JudgeCacheRepository(d) }) });
    await scoreRun({ db: d, input, rubric, judge: buildJudgeStack('fake:a,fake:b', pick, { prices, cacheStore: new JudgeCacheRepository(d) }) });
    expect(a.calls).toBe(2);
    expect(b.calls).toBe(2);
    d.close();
  });
});
