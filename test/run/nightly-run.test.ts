import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRubric } from '../../src/rubric/load.js';
import { summarizeRun } from '../../src/report/run-summary.js';
import { scoreRun } from '../../src/run/score-run.js';
import { isSelected, unitHash } from '../../src/run/select-transcripts.js';
import { EvaluationRepository } from '../../src/store/evaluation-repository.js';
import { EvaluationWriter } from '../../src/store/evaluation-writer.js';
import { openDatabase } from '../../src/store/open-database.js';
import { getRun } from '../../src/store/run-repository.js';
import type { TranscriptLineError } from '../../src/transcript/read-jsonl.js';
import { StubJudge } from '../helpers/stub-judge.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

const rubric = parseRubric(
  `id: r
version: 1
title: R
criteria:
  - { id: tone, title: Tone, kind: scale, min: 1, max: 5, anchors: { 1: a, 2: b, 3: c, 4: d, 5: e } }
`,
  'r.yaml',
);

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00Z`;
const transcripts = Array.from({ length: 300 }, (_, i) => makeTranscript([say('customer', `hi ${i}`), say('agent', 'hello')], { id: `n-${i}`, started_at: day(1 + (i % 20)) }));

/** A judge with a settable fingerprint (base URL, temperature, prompt version...). */
class FingerprintedJudge extends StubJudge {
  constructor(override readonly fingerprint: string) {
    super('stub:v1');
  }
}

describe('nightly runs: since, sample, shard, fingerprint, batched writes', () => {
  const tmp = useTempDir();

  function setup(lines: unknown[] = transcripts) {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl(lines));
    return { db: openDatabase(pathIn(dir, 'cxqa.db')), input };
  }
  const scoredIds = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare('SELECT transcript_id FROM evaluations ORDER BY transcript_id').all() as { transcript_id: string }[]).map((r) => r.transcript_id);

  it('--since skips earlier transcripts and counts them as skipped, not failed', async () => {
    const { db, input } = setup();
    const result = await scoreRun({ db, input, rubric, judge: new StubJudge(), since: new Date(day(16)) });
    const expected = transcripts.filter((t) => t.started_at >= day(16)).map((t) => t.id);
    expect(result.skipped).toBe(300 - expected.length);
    expect(scoredIds(db)).toEqual([...expected].sort());
    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.transcripts).toMatchObject({ read: expected.length, scored: expected.length, failed: 0, skipped: 300 - expected.length, unselected: 0 });
    db.close();
  });

  it('--sample and --shard are deterministic by id, compose, and shards partition the input', async () => {
    expect(unitHash('sample', 'n-1')).toBe(unitHash('sample', 'n-1'));
    expect(unitHash('sample', 'n-1')).not.toBe(unitHash('shard', 'n-1'));
    const ids = transcripts.map((t) => t.id);
    const sample = ids.filter((id) => isSelected(id, { sample: 0.3 }));
    expect(sample.length).toBeGreaterThan(60);
    expect(sample.length).toBeLessThan(120);
    const shards = [0, 1, 2].map((index) => ids.filter((id) => isSelected(id, { shard: { index, count: 3 } })));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    for (const s of shards) expect(s.length).toBeGreaterThan(60);
    const sampledShards = [0, 1, 2].map((index) => ids.filter((id) => isSelected(id, { sample: 0.3, shard: { index, count: 3 } })));
    expect(sampledShards.flat().sort()).toEqual([...sample].sort());

    const { db, input } = setup();
    const result = await scoreRun({ db, input, rubric, judge: new StubJudge(), selection: { sample: 0.3, shard: { index: 1, count: 3 } } });
    expect(scoredIds(db)).toEqual([...sampledShards[1]!].sort());
    expect(result.unselected).toBe(300 - sampledShards[1]!.length);
    expect(summarizeRun(db, getRun(db, result.runId)!).transcripts.unselected).toBe(300 - sampledShards[1]!.length);
    db.close();
  });

  it('a different judge fingerprint is new work; the same one is reused', async () => {
    const { db, input } = setup(transcripts.slice(0, 5));
    const a = new FingerprintedJudge('openai:m|base=http://a|t=0');
    await scoreRun({ db, input, rubric, judge: a });
    const again = await scoreRun({ db, input, rubric, judge: a });
    expect(again).toMatchObject({ reused: 5, scored: 0 });
    const b = new FingerprintedJudge('openai:m|base=http://b|t=0');
    const other = await scoreRun({ db, input, rubric, judge: b });
    expect(other).toMatchObject({ reused: 0, scored: 5 });
    expect(b.calls).toBe(5);
    // Append-only: the first judge's evaluations stay beside the second's.
    const rows = db.prepare('SELECT judge_fingerprint AS fp, COUNT(*) AS n FROM evaluations GROUP BY fp ORDER BY MIN(id)').all();
    expect(rows).toEqual([{ fp: 'openai:m|base=http://a|t=0', n: 5 }, { fp: 'openai:m|base=http://b|t=0', n: 5 }]);
    const back = await scoreRun({ db, input, rubric, judge: a });
    expect(back).toMatchObject({ reused: 5, scored: 0 });
    db.close();
  });

  it('findScored is a single index lookup, newest attempt first', () => {
    const { db } = setup([]);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id, status, judge_fingerprint FROM evaluations WHERE transcript_id = ? AND content_hash = ? AND rubric_hash = ? AND judge = ? ORDER BY id DESC',
      )
      .all('a', 'b', 'c', 'd') as { detail: string }[];
    const detail = plan.map((p) => p.detail).join(' ');
    expect(detail).toMatch(/SEARCH evaluations USING INDEX evaluations_work/);
    expect(detail).not.toMatch(/TEMP B-TREE/); // the index's implicit rowid order gives the newest first, no sort
    db.close();
  });

  it('writes results in batches: nothing before a batch fills or the delay passes, all of it after', async () => {
    const { db, input } = setup(transcripts.slice(0, 10));
    const first = await scoreRun({ db, input, rubric, judge: new StubJudge() });
    const repo = new EvaluationRepository(db);
    const writer = new EvaluationWriter(db, repo, { maxItems: 3, maxDelayMs: 30 });
    const items = () => (db.prepare("SELECT COUNT(*) AS n FROM run_items WHERE run_id = 'x'").get() as { n: number }).n;
    db.prepare("INSERT INTO runs (id, command, status, started_at, rubric_id, rubric_version, rubric_hash, judge) SELECT 'x', 'score', 'running', '2026', rubric_id, rubric_version, rubric_hash, judge FROM runs WHERE id = ?").run(first.runId);
    const evalId = (db.prepare('SELECT id FROM evaluations LIMIT 1').get() as { id: number }).id;
    writer.reuse('x', 1, 'n-0', evalId);
    writer.reuse('x', 2, 'n-1', evalId);
    expect(items()).toBe(0);
    writer.reuse('x', 3, 'n-2', evalId); // the batch is full: written at once
    expect(items()).toBe(3);
    writer.reuse('x', 4, 'n-3', evalId);
    expect(items()).toBe(3);
    await new Promise((r) => setTimeout(r, 80)); // the delay passed
    expect(items()).toBe(4);
    writer.close();
    db.close();
  });
});

const a = makeTranscript([say('customer', 'hi'), say('agent', 'hello')], { id: 'a' });
const b = makeTranscript([say('customer', 'help'), say('agent', 'sure')], { id: 'b' });
/** A valid transcript, a duplicate id, one with a bad field, and one nested too deep for the read limits. */
const deep = { ...makeTranscript([say('customer', 'x')], { id: 'deep' }), metadata: { a: { a: { a: { a: {} } } } } };
const values: unknown[] = [a, { ...b, id: 'a' }, { ...b, messages: 'none' }, deep, b];

async function* parsed(): AsyncGenerator<unknown> {
  yield* values;
}

describe('scoreRun over parsed transcripts (an AsyncIterable, as calibrate passes)', () => {
  const tmp = useTempDir();

  it('checks them exactly as it checks the same JSONL lines: same work, same run items, same errors', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl(values));
    const limits = { maxDepth: 4 };
    const run = async (db: ReturnType<typeof openDatabase>, source: string | AsyncIterable<unknown>) => {
      const errors: TranscriptLineError[] = [];
      const result = await scoreRun({ db, input: source, inputName: 'in.jsonl', rubric, judge: new StubJudge(), readLimits: limits, onInvalid: (e) => errors.push(e) });
      const items = db.prepare('SELECT source_line, transcript_id, status, error_code, error_field FROM run_items WHERE run_id = ? ORDER BY source_line').all(result.runId);
      const hashes = db.prepare('SELECT transcript_id, content_hash FROM evaluations ORDER BY transcript_id').all();
      return { result: { ...result, runId: '' }, items, hashes, errors: errors.map((e) => [e.code, e.location.line, e.location.field, e.message]) };
    };
    const fromFile = await run(openDatabase(pathIn(dir, 'file.db')), input);
    const fromValues = await run(openDatabase(pathIn(dir, 'values.db')), parsed());
    expect(fromValues).toEqual(fromFile);
    expect(fromValues.result).toMatchObject({ read: 5, scored: 2, invalid: 3 });
    expect(fromValues.errors.map((e) => e.slice(0, 3))).toEqual([
      ['TRANSCRIPT_DUPLICATE_ID', 2, 'id'],
      ['TRANSCRIPT_INVALID', 3, 'messages'],
      ['TRANSCRIPT_TOO_DEEP', 4, 'metadata.a.a.a'],
    ]);
  });
});
