import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { FAKE_KEY, MINI_RUBRIC_YAML, goodAnswer, orderTranscript } from '../../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, prepareBatchWorkspace, everythingStoredIn, query, type BatchServer } from './batch-harness.js';

/** The stored verdicts of a database, without ids, runs or timestamps: what must match between sync and batch. */
function storedVerdicts(dbPath: string) {
  return query(
    dbPath,
    `SELECT e.transcript_id, e.status, e.qa_score, e.auto_fail, r.criterion_id, r.kind, r.value_json, r.na, r.rationale, r.evidence_json, r.judge, r.error_code
       FROM criterion_results r JOIN evaluations e ON e.id = r.evaluation_id ORDER BY e.transcript_id, r.criterion_id`,
  );
}

describe.each(BATCH_HARNESSES)('score --mode batch ($provider)', (h) => {
  const tempDir = useTempDir();
  let server: BatchServer | undefined;
  let input: string;
  let rubricFile: string;
  let dbPath: string;
  let configFile: string;

  beforeEach(() => {
    ({ input, rubricFile, dbPath, configFile } = prepareBatchWorkspace(h, tempDir));
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  const writeInput = (n: number) => {
    const ts = Array.from({ length: n }, () => orderTranscript());
    writeFileSync(input, ts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    return ts;
  };
  const score = (baseURL: string, ...extra: string[]) =>
    runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', baseURL, '--db', dbPath, '--config', configFile, ...extra]);
  const batchScore = (...extra: string[]) => score(server!.baseURL, '--mode', 'batch', ...extra);
  const collect = (...extra: string[]) => runCli(['batch', 'collect', '--db', dbPath, '--config', configFile, ...extra]);

  it('stores the same verdicts a synchronous run stores for the same answers, at half the price', async () => {
    writeInput(3);
    // Synchronous run into its own database, same answers.
    const sync = await h.sync.start();
    sync.enqueue(h.sync.answer(goodAnswer()), h.sync.answer(goodAnswer()), h.sync.answer(goodAnswer()));
    const syncDb = pathIn(tempDir(), 'sync.db');
    const syncRes = await runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', sync.baseURL, '--db', syncDb, '--config', configFile, '--concurrency', '1']);
    const syncBody = sync.requests[0]!.body;
    await sync.close();
    expect(syncRes.code).toBe(0);

    server = await h.start();
    const res = await batchScore('--wait', '--poll-interval', '0.01');
    expect(res.stderr).not.toMatch(/error|fail/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/submitted batch \S+ \(/);
    expect(server.batchSizes()).toEqual([3]);
    expect(storedVerdicts(dbPath)).toEqual(storedVerdicts(syncDb));
    expect(storedVerdicts(dbPath).length).toBe(3 * 5);

    // Same request bodies as the synchronous calls (model, schema, system prompt, output budget).
    const body = server.requestBodies()[0];
    const unfenced = (b: unknown) => JSON.stringify(b).replace(/transcript-[0-9a-f]{16}/g, 'transcript-X');
    expect(unfenced(body)).toBe(unfenced(syncBody));
    expect(body.model).toBe(h.spec.split(':')[1]);

    const cost = (db: string) => query<{ c: number }>(db, 'SELECT SUM(cost_usd) AS c FROM evaluations')[0]!.c;
    expect(cost(dbPath)).toBeCloseTo(cost(syncDb) / 2, 10);
    expect(query(dbPath, "SELECT status FROM provider_batches")).toEqual([{ status: 'collected' }]);
    expect(query(dbPath, "SELECT DISTINCT status FROM provider_batch_items")).toEqual([{ status: 'stored' }]);
  });

  it('partial failure: errored requests become error verdicts with the provider code and request id (exit 3)', async () => {
    writeInput(3);
    server = await h.start({ outcome: (i) => (i === 1 ? 'error' : 'ok') });
    const res = await batchScore('--wait', '--poll-interval', '0.01');
    expect(res.code).toBe(3);
    const evals = query<{ status: string }>(dbPath, 'SELECT status FROM evaluations ORDER BY transcript_id');
    // The errored transcript keeps its locally evaluated rule verdict: partial, not failed.
    expect(evals.map((e) => e.status).sort()).toEqual(['partial', 'scored', 'scored']);
    const errors = query<{ error_code: string; error_message: string }>(dbPath, 'SELECT error_code, error_message FROM criterion_results WHERE error_code IS NOT NULL');
    expect(errors).toHaveLength(4); // the four model-judged criteria; the rule criterion is evaluated locally
    for (const e of errors) {
      expect(e.error_code).toBe('PROVIDER_400');
      expect(e.error_message).toMatch(/\(request req_[0-9a-f]+\)/);
    }
    const items = query<{ status: string; error_code: string | null; request_id: string | null }>(dbPath, 'SELECT status, error_code, request_id FROM provider_batch_items ORDER BY status');
    expect(items.filter((i) => i.status === 'errored')).toEqual([{ status: 'errored', error_code: 'PROVIDER_400', request_id: expect.stringMatching(/^req_/) }]);
    expect(items.filter((i) => i.status === 'stored')).toHaveLength(2);
  });

  it('expired requests are marked and submitted again by the next run', async () => {
    writeInput(4);
    server = await h.start({ lifecycle: ['in_progress', 'expired'], outcome: (i) => (i >= 2 ? 'expired' : 'ok') });
    const first = await batchScore('--wait', '--poll-interval', '0.01');
    expect(first.code).toBe(3);
    expect(query(dbPath, 'SELECT COUNT(*) AS n FROM evaluations')[0].n).toBe(2);
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM provider_batch_items WHERE status = 'expired'")[0].n).toBe(2);

    // Same server (a new base URL would be another judge fingerprint, and nothing would be reused).
    server.rescript();
    const second = await batchScore('--wait', '--poll-interval', '0.01');
    expect(second.code).toBe(0);
    expect(server.batchSizes()).toEqual([4, 2]);
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")[0].n).toBe(4);
  });

  it('resumes after a restart: submit and exit, then `batch collect` in a fresh invocation stores the results', async () => {
    writeInput(2);
    server = await h.start({ lifecycle: ['in_progress', 'in_progress', 'completed'] });
    const submitted = await batchScore();
    expect(submitted.code).toBe(0);
    const batchId = /submitted batch (\S+) /.exec(submitted.stdout)?.[1];
    expect(batchId).toBeTruthy();
    expect(query(dbPath, 'SELECT COUNT(*) AS n FROM evaluations')[0].n).toBe(0);
    // Each pending request keeps its transcript (to finish after a restart) until its result is stored.
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM provider_batch_items WHERE transcript_json <> 'null'")[0].n).toBe(2);

    const status = await runCli(['batch', 'status', '--db', dbPath]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(batchId!);
    expect(status.stdout).toContain('pending');

    const early = await collect(); // still in progress: nothing stored, not an error
    expect(early.code).toBe(0);
    expect(early.stdout).toContain('1 batches still running');
    expect(query(dbPath, 'SELECT COUNT(*) AS n FROM evaluations')[0].n).toBe(0);

    const done = await collect('--wait', '--poll-interval', '0.01');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`batch ${batchId} (${h.provider}, ${h.spec}) collected: 2 transcripts stored`);
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")[0].n).toBe(2);
    // Stored: the requests' copies of the transcripts (in clear) are gone; the stored transcript is the redacted one.
    expect(query(dbPath, "SELECT DISTINCT transcript_json FROM provider_batch_items")).toEqual([{ transcript_json: 'null' }]);
    const json = await runCli(['batch', 'status', '--db', dbPath, '--json']);
    expect(JSON.parse(json.stdout.trim().split('\n')[0]!)).toMatchObject({ id: batchId, status: 'collected', items: { stored: 2 } });
  });

  it('does not submit again what is pending in a batch or already scored', async () => {
    writeInput(3);
    server = await h.start();
    expect((await batchScore()).code).toBe(0);
    expect(server.batchSizes()).toEqual([3]);
    const again = await batchScore();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('3 already in a batch');
    expect(server.batchSizes()).toEqual([3]);
    expect((await collect('--wait', '--poll-interval', '0.01')).code).toBe(0);
    const third = await batchScore();
    expect(third.stdout).toContain('3 already scored');
    expect(server.batchSizes()).toEqual([3]);
  });

  it('chunks at the batch size limit', async () => {
    writeInput(5);
    server = await h.start();
    const res = await batchScore('--batch-max-requests', '2', '--wait', '--poll-interval', '0.01');
    expect(res.code).toBe(0);
    expect(server.batchSizes()).toEqual([2, 2, 1]);
    expect(new Set(server.submittedIds()).size).toBe(5);
    expect(query(dbPath, "SELECT COUNT(*) AS n FROM evaluations WHERE status = 'scored'")[0].n).toBe(5);
  });

  it('never stores or prints the key', async () => {
    writeInput(2);
    server = await h.start({ outcome: (i) => (i === 0 ? 'error' : 'ok') });
    const res = await batchScore('--wait', '--poll-interval', '0.01');
    expect(res.code).toBe(3);
    expect(server.wire()).toContain(FAKE_KEY); // it was sent, as a header
    expect(res.stdout + res.stderr).not.toContain(FAKE_KEY);
    expect(everythingStoredIn(dbPath)).not.toContain(FAKE_KEY);
  });

  it('exits 2 before any request for a panel or offline judge, or without a key', async () => {
    writeInput(1);
    server = await h.start();
    expect((await score(server.baseURL, '--mode', 'batch', '--judge', 'offline')).code).toBe(2);
    vi.stubEnv(h.keyVar, undefined);
    const noKey = await runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--db', dbPath, '--mode', 'batch', ...(h.provider === 'anthropic' ? ['--base-url', server.baseURL] : [])]);
    expect(noKey.code).toBe(2);
    expect(server.batchSizes()).toEqual([]);
  });
});

describe('OpenAI batch that fails validation', () => {
  const tempDir = useTempDir();
  afterEach(() => vi.unstubAllEnvs());

  it('is reported with its errors (exit 3) and its work is submitted again next time', async () => {
    const { startFakeOpenAIBatchServer } = await import('../../helpers/fake-openai-batch-server.js');
    vi.stubEnv('OPENAI_API_KEY', FAKE_KEY);
    const server = await startFakeOpenAIBatchServer({
      answer: goodAnswer(),
      lifecycle: ['validating', 'failed'],
      errors: [{ code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', line: 1 }],
    });
    try {
      const input = pathIn(tempDir(), 'in.jsonl');
      const rubric = pathIn(tempDir(), 'r.yaml');
      const db = pathIn(tempDir(), 'db.sqlite');
      writeFileSync(input, `${JSON.stringify(orderTranscript())}\n`);
      writeFileSync(rubric, MINI_RUBRIC_YAML);
      const args = ['score', '-i', input, '-r', rubric, '--judge', 'openai:gpt-test', '--base-url', server.baseURL, '--db', db, '--mode', 'batch'];
      const res = await runCli([...args, '--wait', '--poll-interval', '0.01']);
      expect(res.code).toBe(3);
      expect(res.stdout).toContain('failed: invalid_json_line (line 1): This line is not parseable as valid JSON.');
      expect(query(db, 'SELECT status, errors_json FROM provider_batches')[0]).toMatchObject({ status: 'failed' });
      expect(query(db, 'SELECT status FROM provider_batch_items')).toEqual([{ status: 'failed' }]);
      server.script = { answer: goodAnswer() };
      const again = await runCli([...args, '--wait', '--poll-interval', '0.01']);
      expect(again.code).toBe(0);
      expect(server.batches.size).toBe(2);
    } finally {
      await server.close();
    }
  });
});
