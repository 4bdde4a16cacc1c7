import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { anthropicError } from '../helpers/fake-anthropic-server.js';
import { openAIError } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';
import type { ScriptedResponse, ScriptedServer } from '../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { FAKE_KEY, HARNESSES, MINI_RUBRIC_YAML, goodAnswer, orderTranscript, type ProviderHarness } from '../judge/llm/llm-fixtures.js';

/** A 429 asking for an hour's wait, in each provider's shape. */
function throttledForAnHour(h: ProviderHarness): ScriptedResponse {
  return h.provider === 'openai'
    ? openAIError(429, { message: 'Rate limit reached. Please try again in 1h.', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': '3600' })
    : { ...anthropicError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit.'), headers: { 'request-id': 'req_throttled', 'retry-after': '3600' } };
}

interface Row {
  transcript_id: string;
  status: string;
  codes: string | null;
  message: string | null;
}

/** Per transcript (input order): the evaluation status and the distinct error codes of its criteria. */
function outcomes(dbPath: string): Row[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT e.transcript_id, e.status, GROUP_CONCAT(DISTINCT cr.error_code) AS codes, MAX(cr.error_message) AS message
         FROM evaluations e LEFT JOIN criterion_results cr ON cr.evaluation_id = e.id
         GROUP BY e.id ORDER BY e.id`,
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

describe.each(HARNESSES)('$provider: a provider that misbehaves costs one transcript, never the run', (h) => {
  let server: ScriptedServer & { baseURL: string };
  const tempDir = useTempDir();
  let input: string;
  let rubricFile: string;
  let dbPath: string;
  const ids: string[] = [];

  beforeEach(async () => {
    server = await h.start();
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    vi.stubEnv('ANTHROPIC_BASE_URL', undefined);
    vi.stubEnv('ANTHROPIC_AUTH_TOKEN', undefined);
    vi.stubEnv(h.keyVar, FAKE_KEY);
    input = pathIn(tempDir(), 'in.jsonl');
    rubricFile = pathIn(tempDir(), 'rubric.yaml');
    dbPath = pathIn(tempDir(), 'cxqa.db');
    const a = orderTranscript();
    const b = orderTranscript();
    ids.splice(0, ids.length, a.id, b.id);
    writeFileSync(input, `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);
    writeFileSync(rubricFile, MINI_RUBRIC_YAML);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  const score = (...extra: string[]) =>
    runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', server.baseURL, '--db', dbPath, '--concurrency', '1', '--quiet', ...extra]);

  it('headers, then a stalled body: PROVIDER_TIMEOUT for its judged criteria (the timeout covers the body), the next one scored, exit 3', async () => {
    server.enqueue({ ...h.answer(goodAnswer()), misbehave: 'stall' }, h.answer(goodAnswer()));
    const res = await score('--timeout', '1', '--max-retries', '0');
    expect(res.code).toBe(3);
    const rows = outcomes(dbPath);
    expect(rows.map((r) => [r.transcript_id, r.status, r.codes])).toEqual([
      [ids[0], 'partial', 'PROVIDER_TIMEOUT'],
      [ids[1], 'scored', null],
    ]);
    expect(rows[0]!.message).toContain('body included');
  }, 60_000);

  it('a body dripped one byte every 300 ms: PROVIDER_TIMEOUT, the next one scored, exit 3', async () => {
    server.enqueue({ ...h.answer(goodAnswer()), misbehave: 'drip', dripMs: 300 }, h.answer(goodAnswer()));
    const res = await score('--timeout', '1', '--max-retries', '0');
    expect(res.code).toBe(3);
    expect(outcomes(dbPath).map((r) => [r.status, r.codes])).toEqual([
      ['partial', 'PROVIDER_TIMEOUT'],
      ['scored', null],
    ]);
  }, 60_000);

  it('a connection reset: PROVIDER_CONNECTION, the next one scored, exit 3', async () => {
    server.enqueue({ ...h.answer(goodAnswer()), misbehave: 'reset' }, h.answer(goodAnswer()));
    const res = await score('--timeout', '5', '--max-retries', '0');
    expect(res.code).toBe(3);
    expect(outcomes(dbPath).map((r) => [r.status, r.codes])).toEqual([
      ['partial', 'PROVIDER_CONNECTION'],
      ['scored', null],
    ]);
  }, 60_000);

  it('Retry-After: 3600 is not waited for (over the 60 s cap): PROVIDER_429 at once, no retry, the next one scored', async () => {
    server.enqueue(throttledForAnHour(h), h.answer(goodAnswer()));
    const res = await score('--timeout', '5', '--max-retries', '2');
    expect(res.code).toBe(3);
    expect(server.requests).toHaveLength(2); // the throttled call was not retried
    const rows = outcomes(dbPath);
    expect(rows.map((r) => [r.status, r.codes])).toEqual([
      ['partial', 'PROVIDER_429'],
      ['scored', null],
    ]);
    expect(rows[0]!.message).toContain('not retried: the server asked to wait 3600 s, more than the --max-retry-wait cap');
  }, 60_000);

  it('a wait within --max-retry-wait is honoured (the SDK retries)', async () => {
    const throttled = throttledForAnHour(h);
    server.enqueue({ ...throttled, headers: { ...throttled.headers, 'retry-after': '1' } }, h.answer(goodAnswer()), h.answer(goodAnswer()));
    const res = await score('--timeout', '5', '--max-retries', '1', '--max-retry-wait', '2');
    expect(res.code).toBe(0);
    expect(server.requests).toHaveLength(3);
  }, 60_000);
});
