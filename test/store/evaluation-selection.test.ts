import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/values/verdict.js';
import { outcomeReport } from '../../src/metrics/outcome-report.js';
import { exportRecords } from '../../src/report/export-records.js';
import { parseRubric, type LoadedRubric } from '../../src/rubric/load.js';
import { EvaluationRepository } from '../../src/store/evaluation-repository.js';
import type { NewFinding } from '../../src/governance/findings.js';
import { queryFindings } from '../../src/store/finding-queries.js';
import { selectEvaluations } from '../../src/store/evaluation-selection.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { startRun } from '../../src/store/run-repository.js';
import { contentHash } from '../../src/shared/hash.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say } from '../helpers/transcripts.js';

const rubricText = (version: string) => `
id: period_test
version: ${version}
title: period
criteria:
  - { id: resolution, title: Resolution, kind: category, question: q, labels: [{ id: resolved }, { id: escalated }, { id: unresolved }, { id: abandoned }] }
`;

const conversation = (id: string, customer: string, at: string, intent?: string) =>
  makeTranscript([say('customer', 'help'), say('bot', 'done')], { id, customer_id: customer, started_at: at, ...(intent ? { intent } : {}) });

const resolution = (value: string): Verdict => ({ criterion: 'resolution', value, na: false, rationale: 'r', evidence: [], judge: 'test', error: null });

function store(db: Db, rubric: LoadedRubric, command: string, judge: string, items: [Transcript, string][], findings: NewFinding[] = []): string {
  const runId = startRun(db, { command, input: 'x', rubric, judge, options: {} });
  const repo = new EvaluationRepository(db);
  items.forEach(([t, value], i) =>
    repo.save(
      {
        transcriptId: t.id,
        contentHash: contentHash(t),
        rubricHash: rubric.hash,
        judge,
        runId,
        transcript: t,
        status: 'scored',
        qaScore: 50,
        autoFail: false,
        error: null,
        verdicts: [resolution(value)],
        criteria: rubric.rubric.criteria,
        findings,
      },
      i + 1,
    ),
  );
  return runId;
}

const LATER = new Date('2027-01-01T00:00:00Z');

describe('period selection (src/store/evaluation-selection)', () => {
  const tmp = useTempDir();

  it('combines every run of a rubric across versions; the most recently created evaluation per transcript wins', () => {
    const db = openDatabase(pathIn(tmp(), 'cxqa.db'));
    const v1 = parseRubric(rubricText('1.0.0'), 'r.yaml');
    const v2 = parseRubric(rubricText('1.1.0'), 'r.yaml');
    const a = conversation('a', 'c1', '2026-11-01T10:00:00Z');
    const b = conversation('b', 'c2', '2026-11-02T10:00:00Z');
    const c = conversation('c', 'c3', '2026-11-03T10:00:00Z');
    store(db, v1, 'score', 'judge-x', [[a, 'unresolved'], [b, 'unresolved']]);
    const second = store(db, v2, 'score', 'judge-y', [[b, 'resolved'], [c, 'resolved']]);
    const selected = [...selectEvaluations(db, { rubricId: 'period_test' })];
    expect(selected.map((s) => [s.transcript_id, s.judge, s.rubric_version])).toEqual([
      ['a', 'judge-x', '1.0.0'],
      ['b', 'judge-y', '1.1.0'],
      ['c', 'judge-y', '1.1.0'],
    ]);
    const records = [...exportRecords(db, { rubricId: 'period_test' })];
    expect(records.map((r) => [r.transcript_id, r.criteria['resolution']!.value, r.run_id === second])).toEqual([
      ['a', 'unresolved', false],
      ['b', 'resolved', true],
      ['c', 'resolved', true],
    ]);
    expect([...selectEvaluations(db, { rubricId: 'period_test', from: '2026-11-02T00:00:00Z', to: '2026-11-02T23:59:59Z' })].map((s) => s.transcript_id)).toEqual(['b']);
    db.close();
  });

  it('calibrate never leaks: its transcripts are in no period and count as nobody’s repeat contact', () => {
    const db = openDatabase(pathIn(tmp(), 'cxqa.db'));
    const rubric = parseRubric(rubricText('1.0.0'), 'r.yaml');
    const run = store(db, rubric, 'score', 'j', [
      [conversation('p1', 'c1', '2026-11-01T10:00:00Z'), 'resolved'],
      [conversation('p2', 'c2', '2026-11-01T10:00:00Z'), 'unresolved'],
    ]);
    const before = outcomeReport(db, run, { asOf: LATER });
    expect(before.all.true_resolved).toBe(1);
    // An eval set whose made-up conversation shares the customer id, 2 h later.
    store(db, rubric, 'calibrate', 'j', [[conversation('eval-1', 'c1', '2026-11-01T12:00:00Z'), 'resolved']]);
    const after = outcomeReport(db, run, { asOf: LATER });
    expect(after.all.true_resolved).toBe(1);
    expect(after.all.repeat_contact_rate).toBe(0);
    const period = outcomeReport(db, { rubricId: 'period_test' }, { asOf: LATER });
    expect(period.all.n).toBe(2);
    db.close();
  });

  it('calibrate findings are in no violations list (unless that calibrate run is asked for by id)', () => {
    const db = openDatabase(pathIn(tmp(), 'cxqa.db'));
    const rubric = parseRubric(rubricText('1.0.0'), 'r.yaml');
    const finding: NewFinding = { criterionId: 'x', ruleCheck: 'sensitive_data', severity: 'high', messageIndex: 0, matchedText: 'm', policy: null, rationale: null };
    store(db, rubric, 'score', 'j', [[conversation('p1', 'c1', '2026-11-01T10:00:00Z'), 'resolved']], [finding]);
    const cal = store(db, rubric, 'calibrate', 'j', [[conversation('eval-1', 'c9', '2026-11-01T12:00:00Z'), 'resolved']], [finding]);
    expect([...queryFindings(db, { distinct: true })].map((f) => f.transcript_id)).toEqual(['p1']);
    expect([...queryFindings(db, { distinct: true, runId: cal })].map((f) => f.transcript_id)).toEqual(['eval-1']);
    db.close();
  });

  it('repeat contact is on the same intent where both conversations have one', () => {
    const db = openDatabase(pathIn(tmp(), 'cxqa.db'));
    const rubric = parseRubric(rubricText('1.0.0'), 'r.yaml');
    const run = store(db, rubric, 'score', 'j', [
      [conversation('i1', 'c1', '2026-11-01T10:00:00Z', 'refund_request'), 'resolved'],
      [conversation('i2', 'c1', '2026-11-01T20:00:00Z', 'password_reset'), 'resolved'], // another intent: not a repeat of i1
      [conversation('i3', 'c2', '2026-11-01T10:00:00Z', 'refund_request'), 'resolved'],
      [conversation('i4', 'c2', '2026-11-02T10:00:00Z', 'refund_request'), 'unresolved'], // same intent: repeat of i3
      [conversation('i5', 'c3', '2026-11-01T10:00:00Z', 'refund_request'), 'resolved'],
      [conversation('i6', 'c3', '2026-11-02T10:00:00Z'), 'unresolved'], // no intent: counts as a repeat of i5
    ]);
    const r = outcomeReport(db, run, { asOf: LATER });
    expect(r.all.true_resolved).toBe(2); // i1 and i2
    expect(r.all.repeat_contact_rate).toBeCloseTo(2 / 6, 4);
    db.close();
  });

  it('a resolved conversation whose window is still open is pending, not truly resolved', () => {
    const db = openDatabase(pathIn(tmp(), 'cxqa.db'));
    const rubric = parseRubric(rubricText('1.0.0'), 'r.yaml');
    const run = store(db, rubric, 'score', 'j', [
      [conversation('old', 'c1', '2026-11-01T10:00:00Z'), 'resolved'],
      [conversation('new', 'c2', '2026-11-03T10:00:00Z'), 'resolved'],
    ]);
    const r = outcomeReport(db, run, { asOf: new Date('2026-11-04T10:00:00Z') });
    expect(r.all).toMatchObject({ n: 2, true_resolved: 1, pending: 1, true_resolution_rate: 0.5 });
    expect(r.as_of).toBe('2026-11-04T10:00:00.000Z');
    expect(outcomeReport(db, run, { asOf: LATER }).all).toMatchObject({ true_resolved: 2, pending: 0 });
    db.close();
  });
});
