import { existsSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeCacheKey } from '../../src/judge/cache/cache-key.js';
import { loadRubricFile } from '../../src/rubric/load.js';
import { splitCriteria } from '../../src/run/evaluate-transcript.js';
import { contentHash } from '../../src/shared/hash.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { bundleCli, spawnCli, type CliChild } from '../helpers/cli-bundle.js';
import { TEST_RUBRIC_YAML } from '../helpers/counting-judge.js';
import { chatCompletion } from '../helpers/fake-openai-server.js';
import { startScriptedServer, type RecordedRequest, type ScriptedServer } from '../helpers/scripted-http-server.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

// The real CLI runs as a child process (bundled once with esbuild) against a fake OpenAI server that answers
// every request after DELAY_MS, each transcript with its own verdicts. Runs are killed and resumed.
const N = 160;
const DELAY_MS = 40;
const CONCURRENCY = 4;

const transcripts: Transcript[] = Array.from({ length: N }, (_, i) =>
  makeTranscript([say('customer', `question number ${i} please`), say('agent', `answer ${i}`)], { id: `k-${String(i).padStart(3, '0')}` }),
);
const numberOf = (req: RecordedRequest) => Number(/question number (\d+) please/.exec(req.rawBody)?.[1] ?? -1);

/** Verdicts that differ per transcript, so a mixed-up or lost answer shows. */
function answerFor(i: number) {
  return {
    verdicts: {
      tone: { rationale: `tone of ${i}`, value: (i % 5) + 1, na: false, evidence: [] },
      policy: { rationale: `policy of ${i}`, value: i % 3 === 0 ? 'fail' : 'pass', evidence: [] },
      resolution: { rationale: `resolution of ${i}`, value: ['resolved', 'unresolved', 'escalated'][i % 3], evidence: [] },
    },
  };
}

let bundle: string;
let server: ScriptedServer;

beforeAll(async () => {
  bundle = await bundleCli();
  server = await startScriptedServer('/v1/chat/completions', () => {
    const base = chatCompletion('', { delayMs: DELAY_MS });
    const body = base.body as (req: RecordedRequest) => { choices: { message: { content: string } }[] };
    return {
      ...base,
      body: (req: RecordedRequest) => {
        const out = body(req);
        out.choices[0]!.message.content = JSON.stringify(answerFor(numberOf(req)));
        return out;
      },
    };
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (bundle) rmSync(bundle, { force: true });
});

describe('kill -9, SIGINT, lock: resume finishes the work exactly once', () => {
  const tmp = useTempDir();

  function setup() {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    const rubric = pathIn(dir, 'r.yaml');
    writeFileSync(input, toJsonl(transcripts));
    writeFileSync(rubric, TEST_RUBRIC_YAML);
    const args = (db: string, ...extra: string[]) => [
      'score', '-i', input, '-r', rubric, '--db', db, '--json', '--judge', 'openai:gpt-test', '--base-url', `${server.origin}/v1`,
      '--concurrency', String(CONCURRENCY), ...extra,
    ];
    return { dir, input, rubric, args };
  }

  const start = (args: string[]) => spawnCli(bundle, args, { env: { OPENAI_API_KEY: 'sk-test' } });

  function count(db: string, sql: string): number {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare(sql).get() as { n: number }).n;
    } finally {
      conn.close();
    }
  }

  /** Polls the database until `sql` counts at least `k` (or the child ends). */
  async function waitFor(db: string, sql: string, k: number, child: CliChild): Promise<void> {
    let ended = false;
    void child.exited.then(() => (ended = true));
    for (;;) {
      try {
        if (count(db, sql) >= k) return;
      } catch {
        // not created yet
      }
      if (ended) throw new Error(`the run ended before ${k} rows: ${child.stderr()}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  function verdicts(db: string): unknown[] {
    const conn = new Database(db, { readonly: true });
    try {
      return conn
        .prepare(
          `SELECT e.transcript_id, e.status, e.qa_score, e.auto_fail, e.judge, e.judge_fingerprint, cr.criterion_id, cr.value_json, cr.na, cr.rationale
           FROM evaluations e JOIN criterion_results cr ON cr.evaluation_id = e.id ORDER BY e.transcript_id, cr.criterion_id`,
        )
        .all();
    } finally {
      conn.close();
    }
  }

  /** Transcript numbers whose judge answer is in the judge cache. */
  function cachedNumbers(db: string, rubricPath: string): Set<number> {
    if (!existsSync(db)) return new Set();
    const conn = new Database(db, { readonly: true });
    try {
      const keys = new Set((conn.prepare('SELECT key FROM judge_cache').all() as { key: string }[]).map((r) => r.key));
      const fp = (conn.prepare('SELECT judge_fingerprint AS fp FROM evaluations LIMIT 1').get() as { fp: string } | undefined)?.fp;
      if (!fp) return new Set();
      const rubric = loadRubricFile(rubricPath);
      const criteria = splitCriteria(rubric.rubric).judged;
      const out = new Set<number>();
      transcripts.forEach((t, i) => {
        if (keys.has(judgeCacheKey(fp, { rubricHash: rubric.hash, transcriptHash: contentHash(t), criteria }))) out.add(i);
      });
      return out;
    } finally {
      conn.close();
    }
  }

  it('SIGKILL after k stored results, several times, then resume: same verdicts as one uninterrupted run, no paid call repeated', async () => {
    const { dir, args, rubric } = setup();
    const reference = pathIn(dir, 'reference.db');
    const before = server.requests.length;
    const ref = start(args(reference, '--quiet'));
    expect(await ref.exited).toBe(0);
    expect(server.requests.length - before).toBe(N);

    const db = pathIn(dir, 'killed.db');
    let unflushedAtKill = 0;
    const firstRequest = server.requests.length;
    for (const k of [5, 20, 35]) {
      const seen = cachedNumbers(db, rubric);
      const from = server.requests.length;
      const stored = existsSync(db) ? count(db, 'SELECT COUNT(*) AS n FROM evaluations') : 0;
      const child = start(args(db, '--quiet'));
      // This child must itself have stored some results (a resumed run re-stores cached answers fast).
      await waitFor(db, 'SELECT COUNT(*) AS n FROM evaluations', Math.max(k, stored + 3), child);
      await new Promise((r) => setTimeout(r, 120)); // between two flushes: some answers cached, not yet stored
      child.child.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');
      const asked = server.requests.slice(from).map(numberOf);
      // Nothing whose answer was already in the cache was asked for again.
      expect(asked.filter((i) => seen.has(i))).toEqual([]);
      const cached = cachedNumbers(db, rubric);
      unflushedAtKill += cached.size - count(db, 'SELECT COUNT(*) AS n FROM evaluations');
      expect(count(db, "SELECT COUNT(*) AS n FROM runs WHERE status = 'running'")).toBe(1); // shown as running until the next run
    }
    expect(unflushedAtKill).toBeGreaterThan(0); // the test did kill between an answer and its write

    const cachedBefore = cachedNumbers(db, rubric);
    const from = server.requests.length;
    const resume = start(args(db));
    expect(await resume.exited).toBe(0);
    const asked = server.requests.slice(from).map(numberOf);
    expect(asked.filter((i) => cachedBefore.has(i))).toEqual([]);
    expect(asked.length).toBe(N - cachedBefore.size);
    expect(resume.stderr()).toMatch(/was left running by a process that is gone: marked interrupted/);

    // The call ledger: every call whose answer came back is in judge_calls, kills or not — also the answers
    // that reached the cache but not their evaluation (cache hits on resume), which used to be missing.
    const made = server.requests.length - firstRequest;
    const paid = count(db, 'SELECT COUNT(*) AS n FROM judge_calls WHERE cache_hit = 0');
    expect(paid).toBeLessThanOrEqual(made);
    expect(paid).toBeGreaterThanOrEqual(made - 3 * CONCURRENCY); // at most the requests in flight at each kill went unanswered
    expect(paid).toBeGreaterThanOrEqual(count(db, 'SELECT COUNT(*) AS n FROM judge_cache')); // every cached answer was paid for on record
    expect(count(db, 'SELECT COALESCE(SUM(input_tokens), 0) AS n FROM judge_calls WHERE cache_hit = 0')).toBe(paid * 1200);
    expect(verdicts(db)).toEqual(verdicts(reference));
    expect(count(db, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(N);
    expect(count(db, 'SELECT COUNT(*) AS n FROM judge_cache')).toBe(N);
    expect(count(db, "SELECT COUNT(*) AS n FROM runs WHERE status = 'interrupted'")).toBe(3);
    expect(count(db, "SELECT COUNT(*) AS n FROM runs WHERE status = 'running'")).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM locks')).toBe(0);
  }, 60_000);

  it('SIGINT: calls in flight finish and are stored, exit 130 with how to resume; the resumed run completes', async () => {
    const { dir, args, rubric } = setup();
    const db = pathIn(dir, 'cxqa.db');
    const from = server.requests.length;
    const child = start(args(db, '--progress-interval', '0.1'));
    await waitFor(db, 'SELECT COUNT(*) AS n FROM evaluations', 10, child);
    child.child.kill('SIGINT');
    expect(await child.exited).toBe(130);
    expect(child.stderr()).toContain('SIGINT: no new transcripts will be started; finishing those in flight');
    expect(child.stderr()).toMatch(/interrupted: run run-\S+ stored what was finished; to resume, run the same command again/);
    // Off a terminal: JSON progress lines.
    const lines = child.stderr().split('\n').filter((l) => l.startsWith('{"progress"'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines.at(-1)!).progress).toMatchObject({ failed: 0, cost_usd: 0 });
    expect(Object.keys(JSON.parse(lines[0]!).progress)).toEqual(expect.arrayContaining(['done', 'failed', 'rate', 'elapsed_s']));
    // Every request sent was answered and stored: none was aborted.
    const sent = server.requests.length - from;
    expect(count(db, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(sent);
    expect(count(db, "SELECT COUNT(*) AS n FROM evaluations WHERE status != 'scored'")).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM runs WHERE status = 'interrupted'")).toBe(1);
    expect(sent).toBeLessThan(N);

    const cachedBefore = cachedNumbers(db, rubric);
    const again = server.requests.length;
    const resume = start(args(db, '--quiet'));
    expect(await resume.exited).toBe(0);
    expect(server.requests.length - again).toBe(N - cachedBefore.size);
    expect(resume.stderr()).not.toContain('{"progress"');
    const summary = JSON.parse(resume.stdout()) as { transcripts: { reused: number; scored: number } };
    expect(summary.transcripts).toMatchObject({ scored: N, reused: sent });
    expect(count(db, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(N);
  }, 60_000);

  it('two overlapping runs: the second exits 4 naming the first one\'s pid; the first finishes', async () => {
    const { dir, args, input, rubric } = setup();
    const db = pathIn(dir, 'cxqa.db');
    const first = start(args(db, '--quiet'));
    await waitFor(db, 'SELECT COUNT(*) AS n FROM locks', 1, first);
    const second = await runCli(['score', '-i', input, '-r', rubric, '--db', db, '--judge', 'offline', '--quiet']);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(new RegExp(`locked by \`cxqa score\` \\(pid ${first.child.pid} on \\S+, since \\d{4}-`));
    expect(await first.exited).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM evaluations')).toBe(N);
    expect(count(db, "SELECT COUNT(*) AS n FROM evaluations WHERE judge = 'offline'")).toBe(0);
  }, 60_000);
});
