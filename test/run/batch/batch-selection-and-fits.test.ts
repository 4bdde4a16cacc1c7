import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FitModel } from '../../../src/values/fit-model.js';
import { fitsById, storeFit } from '../../../src/store/fit-repository.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { runCli } from '../../helpers/run-cli.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { goodAnswer, orderTranscript } from '../../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, prepareBatchWorkspace, query, type BatchServer, type BatchWorkspace } from './batch-harness.js';

/** 24 transcripts over 12 days, and one line that is not JSON (it has no id: selected by its line number). */
function writeInput(file: string): string[] {
  const ts = Array.from({ length: 24 }, (_, i) => ({ ...orderTranscript(), id: `sel-${i}`, started_at: `2026-11-${String(1 + (i % 12)).padStart(2, '0')}T09:00:00Z` }));
  const lines = ts.map((t) => JSON.stringify(t));
  lines.splice(7, 0, '{"id": "broken", ');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return ts.map((t) => t.id);
}

/** What a run selected and how it counted the rest: the same in both modes for the same flags. */
function selected(dbPath: string) {
  const run = query<{ id: string; skipped: number; unselected: number; options_json: string }>(dbPath, 'SELECT id, skipped, unselected, options_json FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1')[0]!;
  const options = JSON.parse(run.options_json) as Record<string, unknown>;
  return {
    scored: query<{ transcript_id: string }>(dbPath, 'SELECT transcript_id FROM evaluations ORDER BY transcript_id').map((r) => r.transcript_id),
    items: query(dbPath, 'SELECT source_line, transcript_id, status, error_code, error_field FROM run_items WHERE run_id = ? ORDER BY source_line', run.id),
    skipped: run.skipped,
    unselected: run.unselected,
    options: { since: options.since, sample: options.sample, shard: options.shard },
  };
}

/** An isotonic fit of the mini rubric's tone for this judge fingerprint: the model's 4 becomes `to`. Returns its key. */
function storeToneFit(dbPath: string, judge: string, fingerprint: string, to: number): string {
  const db = openDatabase(dbPath);
  try {
    const model: FitModel = { kind: 'isotonic', points: [{ x: 4, y: to }], min: 1, max: 5 };
    const id = storeFit(db, { rubricId: 'mini_qa', criterionId: 'tone', judge, judgeFingerprint: fingerprint, source: 'test', labels: 12, model, cv: {} });
    return fitsById(db, [id])[0]!.key;
  } finally {
    db.close();
  }
}

/** The stored tone results per judge, without ids, runs or fingerprints (which name the base URL). */
function toneResults(dbPath: string, judgeLike = '%') {
  return query(
    dbPath,
    `SELECT e.transcript_id, e.judge, e.status, e.qa_score, r.value_json, r.rationale, r.judge AS verdict_judge
       FROM criterion_results r JOIN evaluations e ON e.id = r.evaluation_id
      WHERE r.criterion_id = 'tone' AND e.judge LIKE ? ORDER BY e.judge, e.transcript_id`,
    judgeLike,
  );
}

const fingerprintOf = (dbPath: string) => query<{ fp: string }>(dbPath, 'SELECT DISTINCT judge_fingerprint AS fp FROM evaluations')[0]!.fp;

describe.each(BATCH_HARNESSES)('score --mode batch: --since / --sample / --shard and fits as in sync mode ($provider)', (h) => {
  const tempDir = useTempDir();
  let server: BatchServer | undefined;
  let ws: BatchWorkspace;

  beforeEach(() => {
    ws = prepareBatchWorkspace(h, tempDir);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });

  const scoreArgs = (baseURL: string, db: string, ...extra: string[]) =>
    ['score', '-i', ws.input, '-r', ws.rubricFile, '--judge', h.spec, '--base-url', baseURL, '--db', db, '--config', ws.configFile, '--quiet', ...extra];

  it.each([
    ['--since', ['--since', '2026-11-06T00:00:00Z']],
    ['--sample and --shard', ['--sample', '0.7', '--shard', '1/2']],
    ['all three', ['--since', '2026-11-04T00:00:00Z', '--sample', '0.8', '--shard', '0/3']],
  ])('selects exactly the transcripts synchronous mode selects (%s)', async (_name, flags) => {
    const ids = writeInput(ws.input);
    const args = (baseURL: string, db: string) => scoreArgs(baseURL, db, ...flags);

    const sync = await h.sync.start();
    sync.enqueue(...ids.map(() => h.sync.answer(goodAnswer())));
    const syncDb = pathIn(tempDir(), 'sync.db');
    const syncRes = await runCli(args(sync.baseURL, syncDb));
    await sync.close();
    const want = selected(syncDb);
    // The broken line is recorded as invalid (exit 3) unless the sample or shard leaves it out; never a stop.
    const exit = want.items.some((i: any) => i.status === 'invalid') ? 3 : 0;
    expect(syncRes.code).toBe(exit);

    server = await h.start();
    const batchRes = await runCli([...args(server.baseURL, ws.dbPath), '--mode', 'batch', '--wait', '--poll-interval', '0.01']);
    expect(batchRes.stderr).not.toMatch(/not supported/);
    expect(want.scored.length).toBeGreaterThan(2);
    expect(want.scored.length).toBeLessThan(ids.length);
    expect(want.skipped + want.unselected).toBeGreaterThan(0);
    expect(selected(ws.dbPath)).toEqual(want);
    // Only the selected work went to the provider, once each.
    expect(server.batchSizes()).toEqual([want.scored.length]);
    expect(batchRes.code).toBe(exit);
  });

  it('counts what it left out in the submission line and its JSON', async () => {
    writeInput(ws.input);
    server = await h.start();
    const base = [...scoreArgs(server.baseURL, ws.dbPath), '--mode', 'batch'];
    const text = await runCli([...base, '--since', '2026-11-07T00:00:00Z']);
    expect(text.stdout).toMatch(/ · 12 skipped \(before --since\)/);
    const json = await runCli([...base, '--since', '2026-11-07T00:00:00Z', '--sample', '0.5', '--json']);
    const out = JSON.parse(json.stdout.trim()) as { read: number; skipped: number; unselected: number; pending: number; invalid: number };
    expect(out.read).toBe(25);
    expect(out.skipped + out.unselected + out.pending + out.invalid).toBe(25);
    expect(out.unselected).toBeGreaterThan(0);
  });

  it('applies the latest fit as `score` does, as part of the fingerprint; --fit none is the unfitted judge; collection keeps the submitted fit', async () => {
    const ts = [orderTranscript(), orderTranscript()];
    writeFileSync(ws.input, `${ts.map((t) => JSON.stringify(t)).join('\n')}\n`);
    server = await h.start();
    const batch = (...extra: string[]) => runCli([...scoreArgs(server!.baseURL, ws.dbPath, '--mode', 'batch'), ...extra]);
    const wait = ['--wait', '--poll-interval', '0.01'];

    expect((await batch(...wait)).code).toBe(0);
    const fp = fingerprintOf(ws.dbPath);
    expect(toneResults(ws.dbPath).map((r) => r.value_json)).toEqual(['4', '4']);

    // A fit is new work: stored apart under the fitted name and fingerprint (from the judge cache: no new batch).
    const fit1 = storeToneFit(ws.dbPath, h.spec, fp, 2);
    const fitted = await batch(...wait);
    expect(fitted.code).toBe(0);
    expect(fitted.stdout).toContain('0 already scored');
    expect(fitted.stdout).toContain('2 stored without a call');
    expect(server.batchSizes()).toEqual([2]);
    const withFit1 = toneResults(ws.dbPath, `%+fit-${fit1}`);
    expect(withFit1.map((r) => [r.judge, r.value_json])).toEqual([[`${h.spec}+fit-${fit1}`, '2'], [`${h.spec}+fit-${fit1}`, '2']]);
    expect(withFit1[0]!.rationale).toContain(`fitted by fit ${fit1} (isotonic, 12 labels`);
    const fingerprints = query<{ fp: string }>(ws.dbPath, 'SELECT DISTINCT judge_fingerprint AS fp FROM evaluations ORDER BY id').map((r) => r.fp);
    expect(fingerprints).toEqual([fp, `${fp}+fit-${fit1}`]);
    expect(query(ws.dbPath, 'SELECT judge FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1')).toEqual([{ judge: `${h.spec}+fit-${fit1}` }]);

    // --fit none: the unfitted judge, whose results are stored already.
    const none = await batch('--fit', 'none');
    expect(none.stdout).toContain('2 already scored');
    // The same fit again: reused.
    expect((await batch()).stdout).toContain('2 already scored');

    // Submitted with fit 2; a newer fit 3 stored before collection does not change what the batch stores.
    const fit2 = storeToneFit(ws.dbPath, h.spec, fp, 3);
    const submitted = await batch('--no-cache');
    expect(submitted.code).toBe(0);
    expect(server.batchSizes()).toEqual([2, 2]);
    const fit3 = storeToneFit(ws.dbPath, h.spec, fp, 5);
    const collected = await runCli(['batch', 'collect', '--db', ws.dbPath, '--config', ws.configFile, '--wait', '--poll-interval', '0.01']);
    expect(collected.code).toBe(0);
    expect(toneResults(ws.dbPath, `%+fit-${fit2}`).map((r) => r.value_json)).toEqual(['3', '3']);
    expect(toneResults(ws.dbPath, `%+fit-${fit3}`)).toEqual([]);

    // A synchronous run with the same fit stores the same results.
    const sync = await h.sync.start();
    sync.enqueue(h.sync.answer(goodAnswer()), h.sync.answer(goodAnswer()));
    const syncDb = pathIn(tempDir(), 'sync.db');
    expect((await runCli(scoreArgs(sync.baseURL, syncDb, '--concurrency', '1'))).code).toBe(0);
    // Its key differs only because the unfitted judge's fingerprint names the other server's base URL.
    const syncFit = storeToneFit(syncDb, h.spec, fingerprintOf(syncDb), 2);
    expect((await runCli(scoreArgs(sync.baseURL, syncDb))).code).toBe(0); // answers from the judge cache
    await sync.close();
    const renamed = (r: Record<string, unknown>) => JSON.parse(JSON.stringify(r).replaceAll(syncFit, fit1)) as unknown;
    expect(toneResults(syncDb, `%+fit-${syncFit}`).map(renamed)).toEqual(withFit1);
  });
});
