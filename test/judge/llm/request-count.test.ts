import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJudgeStack } from '../../../src/judge/build-judge-stack.js';
import { PriceTable } from '../../../src/judge/cost/price-table.js';
import { summarizeRun } from '../../../src/report/run-summary.js';
import { scoreRun } from '../../../src/run/score-run.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { getRun } from '../../../src/store/run-repository.js';
import type { ScriptedServer } from '../../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { goodAnswer, HARNESSES, JUDGED_IDS, judgeFor, miniRubric, orderTranscript, type ProviderHarness } from './llm-fixtures.js';
import { JudgeCacheRepository } from '../../../src/store/judge-cache-repository.js';

const rubric = miniRubric();
const tempDir = useTempDir();
const prices = new PriceTable({ 'openai:gpt-test': { input: 1, output: 4 }, 'anthropic:claude-test': { input: 1, output: 4 } });

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function run(db: Db, n: number, judge: Parameters<typeof scoreRun>[0]['judge']) {
  const lines = Array.from({ length: n }, () => `${JSON.stringify(orderTranscript())}\n`);
  const result = await scoreRun({ db, input: Readable.from(lines), inputName: 'mem', rubric, judge, concurrency: 2 });
  return summarizeRun(db, getRun(db, result.runId)!).cost;
}

describe.each(HARNESSES)('$provider: the run summary counts every HTTP request', (h: ProviderHarness) => {
  it('a repair, a 500 the SDK retried, per-criterion calls and a call whose retries ran out are all in the count', async () => {
    const server = await h.start();
    servers.push(server);
    const db = openDatabase(pathIn(tempDir(), 'count.db'));
    const perTranscript = () => buildJudgeStack(h.spec, () => judgeFor(h, server.baseURL), { prices, cacheStore: new JudgeCacheRepository(db) });

    // One transcript at a time (the answers are served in order): a malformed answer and its repair.
    server.enqueue(h.malformed(), h.answer(goodAnswer()));
    let before = server.requests.length;
    let cost = await run(db, 1, perTranscript());
    expect(server.requests.length - before).toBe(2);
    expect(cost.calls).toBe(2);

    // A 500 retried by the SDK, then an answer.
    server.enqueue(h.serverError(), h.answer(goodAnswer()));
    before = server.requests.length;
    cost = await run(db, 1, perTranscript());
    expect(server.requests.length - before).toBe(2);
    expect(cost).toMatchObject({ calls: 2, unpriced_calls: 0 });

    // One call per criterion, the first retried once after a 500.
    const answer = goodAnswer().verdicts;
    server.enqueue(h.serverError());
    for (const id of JUDGED_IDS) server.enqueue(h.answer({ verdicts: { [id]: answer[id] } }));
    before = server.requests.length;
    cost = await run(db, 1, buildJudgeStack(h.spec, () => judgeFor(h, server.baseURL, { callPer: 'criterion' }), { prices, cacheStore: new JudgeCacheRepository(db) }));
    expect(server.requests.length - before).toBe(JUDGED_IDS.length + 1);
    expect(cost.calls).toBe(JUDGED_IDS.length + 1);

    // Every retry fails (max retries 2: three requests), nothing is answered: three calls, no cost.
    server.enqueue(h.serverError(), h.serverError(), h.serverError());
    before = server.requests.length;
    cost = await run(db, 1, perTranscript());
    expect(server.requests.length - before).toBe(3);
    expect(cost).toMatchObject({ calls: 3, usd: 0, unpriced_calls: 0 });

    // Over all runs: one judge_calls row per request the server received.
    expect(db.prepare('SELECT COUNT(*) AS n FROM judge_calls WHERE cache_hit = 0').get()).toEqual({ n: server.requests.length });
    db.close();
  });
});
