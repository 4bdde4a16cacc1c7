import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PANEL_DISPUTED } from '../../src/judge/panel/aggregate-votes.js';
import { loadRubricFile } from '../../src/rubric/load.js';
import { summarizeRun } from '../../src/report/run-summary.js';
import { scoreRun } from '../../src/run/score-run.js';
import { openDatabase } from '../../src/store/open-database.js';
import { getRun } from '../../src/store/run-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { StubJudge } from '../helpers/stub-judge.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

const RUBRIC = `
id: review_test
version: 1.0.0
title: review
criteria:
  - { id: resolution, title: Resolution, kind: category, question: q, labels: [{ id: resolved, score: 1 }, { id: escalated, score: 0.5 }, { id: unresolved, score: 0 }, { id: abandoned, score: 0 }] }
  - { id: tone, title: Tone, kind: scale, min: 1, max: 5, question: q, anchors: { 1: bad, 2: poor, 3: ok, 4: good, 5: great } }
  - { id: policy, title: Policy, kind: binary, question: q, na: { allowed: true } }
`;

/** t-disputed gets PANEL_DISPUTED on resolution; everything else is judged normally. */
const panel = () =>
  new StubJudge('panel:a,b', (c, req) =>
    req.transcript.id === 't-disputed' && c.id === 'resolution'
      ? { value: null, error: { code: PANEL_DISPUTED, message: 'members disagreed: a=resolved, b=unresolved' } }
      : c.kind === 'category'
        ? { value: 'unresolved' }
        : c.kind === 'scale'
          ? { value: 4 }
          : { value: 'pass' },
  );

function setup(dir: string) {
  const rubricFile = pathIn(dir, 'rubric.yaml');
  writeFileSync(rubricFile, RUBRIC);
  const input = pathIn(dir, 't.jsonl');
  writeFileSync(
    input,
    toJsonl([
      makeTranscript([say('customer', 'my refund?'), say('bot', 'done, refunded')], { id: 't-disputed', customer_id: 'c-1', started_at: '2026-11-01T10:00:00Z' }),
      makeTranscript([say('customer', 'hello'), say('bot', 'hi')], { id: 't-ok', customer_id: 'c-2', started_at: '2026-11-01T11:00:00Z' }),
    ]),
  );
  return { rubricFile, input, db: pathIn(dir, 'cxqa.db'), rubric: loadRubricFile(rubricFile) };
}

async function nightly(s: ReturnType<typeof setup>, judge: StubJudge) {
  const db = openDatabase(s.db);
  try {
    const r = await scoreRun({ db, input: s.input, rubric: s.rubric, judge });
    return { ...r, summary: summarizeRun(db, getRun(db, r.runId)!) };
  } finally {
    db.close();
  }
}

describe('cxqa review decide: disputes end with a human decision', () => {
  const tmp = useTempDir();

  it('settles the dispute: no re-judging, no partial on the next run, the decision wins in export, outcomes and audit', async () => {
    const s = setup(tmp());
    const first = await nightly(s, panel());
    expect(first.summary.transcripts.partial).toBe(1);
    // Without a decision the next nightly run judges the disputed transcript again (and stays partial).
    const again = panel();
    expect((await nightly(s, again)).summary.transcripts.partial).toBe(1);
    expect(again.calls).toBe(1);

    const d = await runCli(['review', 'decide', 't-disputed', 'resolution', 'resolved', '--reviewer', 'ana', '--note', 'refund confirmed in CRM', '--db', s.db]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain('t-disputed resolution = resolved by ana (the judge had: error PANEL_DISPUTED');

    const judge = panel();
    const after = await nightly(s, judge);
    expect(judge.calls).toBe(0);
    expect(after.summary.transcripts).toMatchObject({ partial: 0, reused: 2, failed: 0 });

    const exported = (await runCli(['export', '--db', s.db, '--format', 'jsonl'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { transcript_id: string; status: string; qa_score: number | null; criteria: Record<string, Record<string, unknown>> });
    const t = exported.find((r) => r.transcript_id === 't-disputed')!;
    expect(t.status).toBe('scored');
    expect(t.criteria['resolution']).toMatchObject({ value: 'resolved', judge: 'human:ana', error: null, decision: { reviewer: 'ana', note: 'refund confirmed in CRM', judge_error_code: PANEL_DISPUTED } });
    expect(t.criteria['resolution']).not.toHaveProperty('disputed');
    // tone 4 → 0.75, policy pass → 1, resolved → 1: mean 91.7.
    expect(t.qa_score).toBe(91.7);
    expect((await runCli(['export', '--db', s.db, '--format', 'jsonl', '--disputed'])).stdout).toBe('');
    const csv = (await runCli(['export', '--db', s.db, '--format', 'csv'])).stdout;
    expect(csv).toContain('human:ana');

    const outcomes = JSON.parse((await runCli(['outcomes', '--db', s.db, '--json', '--handoff', 'policy', '--csat', 'tone'])).stdout) as { all: { outcomes: Record<string, number> } };
    expect(outcomes.all.outcomes).toMatchObject({ resolved: 1, unresolved: 1, unknown: 0 });

    const audit = await runCli(['audit', 't-disputed', '--db', s.db]);
    expect(audit.stdout).toMatch(/decision 1 · .* · resolution = resolved by ana · rubric review_test · content [0-9a-f]{12} · judge had said ERROR PANEL_DISPUTED · note: refund confirmed in CRM/);
    const auditJson = JSON.parse((await runCli(['audit', 't-disputed', '--db', s.db, '--json'])).stdout) as { decisions: unknown[] };
    expect(auditJson.decisions).toHaveLength(1);

    // Append-only: the database refuses to rewrite or remove a decision.
    const raw = new Database(s.db);
    expect(() => raw.prepare("UPDATE human_decisions SET value_json = '\"unresolved\"'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM human_decisions').run()).toThrow(/append-only/);
    raw.close();

    // Deciding again adds a row; the latest wins.
    expect((await runCli(['review', 'decide', 't-disputed', 'resolution', 'escalated', '--reviewer', 'ben', '--db', s.db])).code).toBe(0);
    const latest = (await runCli(['export', '--db', s.db, '--format', 'jsonl'])).stdout;
    expect(latest).toContain('"value":"escalated","na":false');
    expect((JSON.parse((await runCli(['audit', 't-disputed', '--db', s.db, '--json'])).stdout) as { decisions: unknown[] }).decisions).toHaveLength(2);
  });

  it('checks VALUE against the criterion kind with a clear error, and names unknown transcripts and criteria', async () => {
    const s = setup(tmp());
    await nightly(s, panel());
    const decide = (...args: string[]) => runCli(['review', 'decide', ...args, '--reviewer', 'ana', '--db', s.db]);
    const cases: [string[], string][] = [
      [['t-ok', 'tone', '7'], 'VALUE "7" for tone (scale): outside 1–5; tone takes a whole number 1–5'],
      [['t-ok', 'tone', '3.5'], 'VALUE "3.5" for tone (scale): not a whole number'],
      [['t-ok', 'tone', 'na'], 'VALUE "na" for tone (scale): it does not allow N/A'],
      [['t-ok', 'policy', 'maybe'], 'VALUE "maybe" for policy (binary): not pass or fail; policy takes pass or fail, or na'],
      [['t-ok', 'resolution', 'fixed'], 'VALUE "fixed" for resolution (category): not one of its labels; resolution takes one of resolved, escalated, unresolved, abandoned'],
      [['t-nope', 'tone', '3'], 'no transcript "t-nope"'],
      [['t-ok', 'tnoe', '3'], 'has no verdict for criterion "tnoe" (did you mean "tone"?)'],
    ];
    for (const [args, message] of cases) {
      const r = await decide(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect((await decide('t-ok', 'policy', 'NA')).code).toBe(0);
    expect((await decide('t-ok', 'resolution', 'Resolved')).code).toBe(0);
    const raw = new Database(s.db, { readonly: true });
    expect(raw.prepare('SELECT criterion_id, value_json, na FROM human_decisions ORDER BY id').all()).toEqual([
      { criterion_id: 'policy', value_json: 'null', na: 1 },
      { criterion_id: 'resolution', value_json: '"resolved"', na: 0 },
    ]);
    raw.close();
  });

  it('eval build --from-reviews turns decisions into an eval set that calibrate reads', async () => {
    const dir = tmp();
    const s = setup(dir);
    await nightly(s, panel());
    await runCli(['review', 'decide', 't-disputed', 'resolution', 'resolved', '--reviewer', 'ana', '--db', s.db]);
    await runCli(['review', 'decide', 't-disputed', 'resolution', 'unresolved', '--reviewer', 'ben', '--db', s.db]);
    await runCli(['review', 'decide', 't-disputed', 'resolution', 'resolved', '--reviewer', 'ben', '--db', s.db]); // ben changed his mind
    await runCli(['review', 'decide', 't-ok', 'tone', '2', '--reviewer', 'ana', '--db', s.db]);
    const out = pathIn(dir, 'reviews.eval.jsonl');
    const built = await runCli(['eval', 'build', '--from-reviews', '--db', s.db, '--out', out]);
    expect(built.code, built.stderr).toBe(0);
    const items = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; human_labels: unknown[] });
    expect(items.map((i) => [i.id, i.human_labels])).toEqual([
      ['t-disputed', [{ rater: 'ana', labels: { resolution: 'resolved' } }, { rater: 'ben', labels: { resolution: 'resolved' } }]],
      ['t-ok', [{ rater: 'ana', labels: { tone: 2 } }]],
    ]);
    const cal = await runCli(['calibrate', '--eval', out, '--rubric', s.rubricFile, '--judge', 'offline', '--json', '--db', pathIn(dir, 'cal.db')]);
    expect([0, 1]).toContain(cal.code);
    const report = JSON.parse(cal.stdout) as { items: number; criteria: Record<string, { n: number }> };
    expect(report.items).toBe(2);
    expect(report.criteria['resolution']!.n).toBe(1);

    const noDb = await runCli(['eval', 'build', '--from-reviews']);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('--from-reviews needs --db PATH');
  });
});
