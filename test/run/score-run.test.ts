import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRubric } from '../../src/rubric/load.js';
import { exportRecords } from '../../src/report/export-records.js';
import { summarizeRun } from '../../src/report/run-summary.js';
import { scoreRun } from '../../src/run/score-run.js';
import { openDatabase, schemaVersion } from '../../src/store/open-database.js';
import { getRun } from '../../src/store/run-repository.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { StubJudge } from '../helpers/stub-judge.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

const rubricText = `id: r
version: 1
title: R
criteria:
  - { id: tone, title: Tone, kind: scale, min: 1, max: 5, anchors: { 1: a, 2: b, 3: c, 4: d, 5: e } }
  - id: disclosure
    title: Disclosure
    kind: rule
    critical: true
    rule: { check: must_include, patterns: ["recorded"], scope: { roles: [bot, agent], first: 1 } }
`;
const rubric = parseRubric(rubricText, 'r.yaml');

const good = makeTranscript([say('customer', 'hi'), say('bot', 'This chat is recorded. How can I help?')], { id: 'a' });
const noDisclosure = makeTranscript([say('customer', 'hi'), say('bot', 'Hello!')], { id: 'b' });

describe('scoreRun and the store', () => {
  const tmp = useTempDir();

  function setup(lines: unknown[]) {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl(lines));
    return { db: openDatabase(pathIn(dir, 'cxqa.db')), input };
  }

  it('migrates a new database to the current schema version with WAL', () => {
    const { db } = setup([]);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('scores good lines, records bad ones, and auto-fails a failed critical rule', async () => {
    const { db, input } = setup([good, '{oops', noDisclosure]);
    const judge = new StubJudge();
    const result = await scoreRun({ db, input, rubric, judge });
    expect(result).toMatchObject({ read: 3, scored: 2, invalid: 1, failed: 0, reused: 0 });
    const records = [...exportRecords(db, result.runId)];
    expect(records.map((r) => [r.transcript_id, r.qa_score, r.auto_fail])).toEqual([
      ['a', 100, false],
      ['b', 0, true],
    ]);
    expect(records[1]!.criteria['disclosure']).toMatchObject({ value: 'fail', judge: 'rule', na: false });
    const invalid = db.prepare("SELECT source_line, error_code FROM run_items WHERE status = 'invalid'").all();
    expect(invalid).toEqual([{ source_line: 2, error_code: 'TRANSCRIPT_JSON' }]);
    const summary = summarizeRun(db, getRun(db, result.runId)!);
    expect(summary.transcripts).toEqual({ read: 3, scored: 2, failed: 1, reused: 0, partial: 0, skipped: 0, unselected: 0 });
    expect(summary.qa_score).toMatchObject({ mean: 50, auto_fail: 1 });
    expect(summary.criteria['disclosure']).toMatchObject({ n: 2, pass_rate: 0.5 });
    db.close();
  });

  it('does not duplicate or re-judge the same work on a re-run, but does when content changes', async () => {
    const { db, input } = setup([good, noDisclosure]);
    const judge = new StubJudge();
    const first = await scoreRun({ db, input, rubric, judge });
    const second = await scoreRun({ db, input, rubric, judge });
    expect(judge.calls).toBe(2);
    expect(second).toMatchObject({ scored: 0, reused: 2 });
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM evaluations').get() as { n: number }).n;
    expect(count()).toBe(2);
    expect((db.prepare('SELECT COUNT(*) AS n FROM criterion_results').get() as { n: number }).n).toBe(4);
    // The second run still exports both transcripts, pointing at the run that evaluated them.
    const records = [...exportRecords(db, second.runId)];
    expect(records.map((r) => [r.run_id, r.evaluated_in_run])).toEqual([
      [second.runId, first.runId],
      [second.runId, first.runId],
    ]);
    // A different judge, a changed transcript, or a new rubric version is new work.
    await scoreRun({ db, input, rubric, judge: new StubJudge('stub:v2') });
    expect(count()).toBe(4);
    const changedInput = input.replace('in.jsonl', 'changed.jsonl');
    writeFileSync(changedInput, toJsonl([{ ...good, messages: [...good.messages, say('customer', 'thanks')] }]));
    await scoreRun({ db, input: changedInput, rubric, judge });
    expect(count()).toBe(5);
    const v2 = parseRubric(rubricText.replace('version: 1', 'version: 2'), 'r.yaml');
    await scoreRun({ db, input, rubric: v2, judge });
    expect(count()).toBe(7);
    db.close();
  });

  it('records a judge failure per transcript, goes on, and retries it on the next run', async () => {
    const { db, input } = setup([good, noDisclosure]);
    let fail = true;
    const flaky = new StubJudge('stub:v1', (c, req) =>
      fail && req.transcript.id === 'a' ? { error: { code: 'PROVIDER_500', message: 'server error', request_id: 'req_1' } } : { value: 3 },
    );
    const first = await scoreRun({ db, input, rubric, judge: flaky });
    expect(first).toMatchObject({ scored: 2, failed: 0 });
    const summary = summarizeRun(db, getRun(db, first.runId)!);
    expect(summary.transcripts.partial).toBe(1);
    expect(summary.criteria['tone']).toMatchObject({ errors: 1, n: 1 });
    fail = false;
    const second = await scoreRun({ db, input, rubric, judge: flaky });
    expect(second).toMatchObject({ scored: 1, reused: 1 });
    // Append-only: the failed attempt stays, the redo is a new evaluation after it.
    const tone = db
      .prepare("SELECT e.status, cr.value_json, cr.error_code FROM criterion_results cr JOIN evaluations e ON e.id = cr.evaluation_id WHERE e.transcript_id = 'a' AND cr.criterion_id = 'tone' ORDER BY e.id")
      .all();
    expect(tone).toEqual([
      { status: 'partial', value_json: 'null', error_code: 'PROVIDER_500' },
      { status: 'scored', value_json: '3', error_code: null },
    ]);
    db.close();
  });

  it('turns a judge that throws into error verdicts instead of losing the transcript', async () => {
    const { db, input } = setup([good]);
    const broken = new StubJudge();
    broken.judge = async () => {
      throw Object.assign(new Error('connection refused'), { code: 'PROVIDER_CONNECTION' });
    };
    const result = await scoreRun({ db, input, rubric, judge: broken });
    expect(result).toMatchObject({ failed: 0, scored: 1 });
    const [record] = [...exportRecords(db, result.runId)];
    expect(record!.status).toBe('partial');
    expect(record!.criteria['tone']!.error).toEqual({ code: 'PROVIDER_CONNECTION', message: 'connection refused' });
    expect(record!.criteria['disclosure']!.value).toBe('pass');
    db.close();
  });
});
