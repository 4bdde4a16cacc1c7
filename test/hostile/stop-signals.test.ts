import { rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, spawnCli, type CliChild } from '../helpers/cli-bundle.js';
import { chatCompletion, openAIError } from '../helpers/fake-openai-server.js';
import { startScriptedServer, type ScriptedResponse, type ScriptedServer } from '../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { MINI_RUBRIC_YAML, goodAnswer, orderTranscript } from '../judge/llm/llm-fixtures.js';

// The real CLI as a child process, stopped with SIGTERM while its requests hang on a loopback server.
// Nothing is timed: each case ends (exit 130) or the test times out.

let bundle: string;
let server: ScriptedServer;
let behave: () => ScriptedResponse = () => chatCompletion(goodAnswer());

beforeAll(async () => {
  bundle = await bundleCli();
  server = await startScriptedServer('/v1/chat/completions', () => behave());
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (bundle) rmSync(bundle, { force: true });
});

function count(db: string, sql: string): number {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (conn.prepare(sql).get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

async function until(cond: () => boolean, child: CliChild): Promise<void> {
  let ended = false;
  void child.exited.then(() => (ended = true));
  while (!cond()) {
    if (ended) throw new Error(`the run ended first: ${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SIGTERM ends a run in bounded time, whatever the provider does', () => {
  const tmp = useTempDir();

  function setup() {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    const rubric = pathIn(dir, 'r.yaml');
    writeFileSync(input, [orderTranscript(), orderTranscript(), orderTranscript()].map((t) => JSON.stringify(t)).join('\n'));
    writeFileSync(rubric, MINI_RUBRIC_YAML);
    const db = pathIn(dir, 'cxqa.db');
    const args = (...extra: string[]) => [
      'score', '-i', input, '-r', rubric, '--db', db, '--judge', 'openai:gpt-test', '--base-url', `${server.origin}/v1`, '--quiet', '--concurrency', '2', ...extra,
    ];
    return { db, args };
  }

  const start = (args: string[]) => spawnCli(bundle, args, { env: { OPENAI_API_KEY: 'sk-test-stop' } });

  it('requests stalled after the headers: aborted after --stop-grace, not stored, exit 130; the next run does them', async () => {
    const { db, args } = setup();
    behave = () => ({ ...chatCompletion(goodAnswer()), misbehave: 'stall' });
    const from = server.requests.length;
    const child = start(args('--timeout', '3600', '--stop-grace', '1'));
    await until(() => server.requests.length - from >= 2, child);
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(130);
    expect(child.stderr()).toContain('SIGTERM: no new transcripts will be started; finishing those in flight (up to 1 s');
    expect(child.stderr()).toContain('grace period of 1 s over: aborting the requests in flight');
    expect(count(db, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(0); // cut short = not done, nothing half-stored
    expect(count(db, "SELECT COUNT(*) AS n FROM runs WHERE status = 'interrupted'")).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM locks')).toBe(0);

    behave = () => chatCompletion(goodAnswer());
    const resume = start(args());
    expect(await resume.exited).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")).toBe(3);
  }, 90_000);

  it('the SDK asleep on a long Retry-After (allowed by --max-retry-wait): the run is ended after the grace period and wind-down, exit 130', async () => {
    const { db, args } = setup();
    behave = () => openAIError(429, { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': '3600' });
    const from = server.requests.length;
    const child = start(args('--max-retry-wait', '86400', '--max-retries', '1', '--stop-grace', '1'));
    await until(() => server.requests.length - from >= 2, child);
    await new Promise((r) => setTimeout(r, 200)); // the SDK has read the 429s and gone to sleep
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(130);
    expect(child.stderr()).toContain('still not finished after the grace period: quitting now (exit 130)');
    expect(server.requests.length - from).toBe(2); // no retry was made
    expect(count(db, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM runs WHERE status = 'interrupted'")).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM locks')).toBe(0);
  }, 90_000);
});
