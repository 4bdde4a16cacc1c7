import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/values/verdict.js';
import { outcomeReport } from '../../src/metrics/outcome-report.js';
import { parseRubric } from '../../src/rubric/load.js';
import { EvaluationRepository } from '../../src/store/evaluation-repository.js';
import { countSelection, selectEvaluations } from '../../src/store/evaluation-selection.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startRun } from '../../src/store/run-repository.js';
import { contentHash } from '../../src/shared/hash.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say } from '../helpers/transcripts.js';

/** After every repeat-contact window of the scenario has closed. */
const LATER_THAN_ALL = new Date('2027-01-01T00:00:00Z');

const RUBRIC = `
id: outcomes_test
version: 1.0.0
title: outcomes
criteria:
  - { id: resolution, title: Resolution, kind: category, question: q, labels: [{ id: resolved }, { id: escalated }, { id: unresolved }, { id: abandoned }] }
  - { id: auto_csat, title: CSAT, kind: scale, min: 1, max: 5, question: q, anchors: { 1: bad, 2: poor, 3: ok, 4: good, 5: great } }
  - { id: handoff_quality, title: Hand-off, kind: binary, question: q, na: { allowed: true } }
`;

const bot = (id: string, customer: string, at: string) =>
  makeTranscript([say('customer', 'help'), say('bot', 'done')], { id, customer_id: customer, started_at: at });
const handedOff = (id: string, customer: string, at: string, agent: string, csat?: number) =>
  makeTranscript([say('customer', 'help'), say('bot', 'let me transfer you'), say('agent', 'hi')], {
    id,
    customer_id: customer,
    started_at: at,
    agent_id: agent,
    ...(csat ? { survey: { csat } } : {}),
  });

function verdict(criterion: string, value: string | number | null, error = false): Verdict {
  return { criterion, value, na: value === null && !error, rationale: 'r', evidence: [], judge: 'test', error: error ? { code: 'X', message: 'x' } : null };
}

describe('outcomeReport', () => {
  const tmp = useTempDir();

  function scenario() {
    const db = openDatabase(pathIn(tmp(), 'cxqa.db'));
    const rubric = parseRubric(RUBRIC, 'r.yaml');
    const runId = startRun(db, { command: 'score', input: 'x', rubric, judge: 'test', options: {} });
    const repo = new EvaluationRepository(db);
    let line = 0;
    const store = (t: Transcript, verdicts: Verdict[], status: 'scored' | 'failed' = 'scored') =>
      repo.save(
        {
          transcriptId: t.id,
          contentHash: contentHash(t),
          rubricHash: rubric.hash,
          judge: 'test',
          runId,
          transcript: t,
          status,
          qaScore: status === 'failed' ? null : 80,
          autoFail: false,
          error: null,
          verdicts,
          criteria: rubric.rubric.criteria,
        },
        ++line,
      );
    // c1: "resolved" by the bot, but back 24 h later: not truly resolved. The second contact has no later one.
    store(bot('b1', 'c1', '2026-11-01T10:00:00Z'), [verdict('resolution', 'resolved'), verdict('auto_csat', 4), verdict('handoff_quality', null)]);
    store(bot('b2', 'c1', '2026-11-02T10:00:00Z'), [verdict('resolution', 'unresolved'), verdict('auto_csat', 2), verdict('handoff_quality', null)]);
    // c3: resolved; the next contact is 100 h later, outside the window.
    store(bot('b3', 'c3', '2026-11-01T10:00:00Z'), [verdict('resolution', 'resolved'), verdict('auto_csat', 5), verdict('handoff_quality', null)]);
    store(bot('b4', 'c3', '2026-11-05T14:00:00Z'), [verdict('resolution', 'abandoned'), verdict('auto_csat', 1), verdict('handoff_quality', null)]);
    // c5: written with a +02:00 offset; back 71.5 h later in UTC: a repeat contact.
    store(handedOff('h1', 'c5', '2026-11-01T10:00:00+02:00', 'ana', 5), [verdict('resolution', 'resolved'), verdict('auto_csat', 4), verdict('handoff_quality', 'pass')]);
    store(handedOff('h2', 'c5', '2026-11-04T07:30:00Z', 'ana', 2), [verdict('resolution', 'resolved'), verdict('auto_csat', 3), verdict('handoff_quality', 'fail')]);
    // Failed evaluations are not counted; an errored resolution verdict is unknown.
    store(bot('f1', 'c9', '2026-11-01T10:00:00Z'), [verdict('resolution', null, true), verdict('auto_csat', null, true), verdict('handoff_quality', null, true)], 'failed');
    store(handedOff('h3', 'c7', '2026-11-01T10:00:00Z', 'ben'), [verdict('resolution', null, true), verdict('auto_csat', 3), verdict('handoff_quality', 'pass')]);
    return { db, runId };
  }

  it('puts true resolution (resolved, no repeat contact within 72 h) beside deflection, by handler and per agent', () => {
    const { db, runId } = scenario();
    const r = outcomeReport(db, runId);
    db.close();
    expect(r.all.n).toBe(7);
    expect(r.all.outcomes).toEqual({ resolved: 4, escalated: 0, unresolved: 1, abandoned: 1, unknown: 1 });
    // b1 (back in 24 h) and h1 (back in 71.5 h) were resolved but not truly.
    expect(r.all.true_resolved).toBe(2);
    expect(r.all.repeat_contact_rate).toBeCloseTo(2 / 7, 4);
    expect(r.by_handler.bot).toMatchObject({ n: 4, true_resolved: 1, auto_csat_mean: 3, survey_n: 0, median_turns_to_resolution: 1 });
    expect(r.by_handler.human).toMatchObject({ n: 3, true_resolved: 1, survey_csat_mean: 3.5, survey_n: 2 });
    expect(r.deflection).toEqual({ contained_rate: 0.5714, bot_true_resolution_rate: 0.1429, contained_not_resolved_rate: 0.4286 });
    expect(r.escalation).toMatchObject({ n: 3, handoff_judged: 3, handoff_pass_rate: 0.6667 });
    expect(r.agents.map((a) => [a.agent_id, a.n, a.true_resolved])).toEqual([
      ['ana', 2, 1],
      ['ben', 1, 0],
    ]);
  });

  it('counts an evaluation the run covered several times (the same line twice in the input) once', () => {
    const { db, runId } = scenario();
    const before = outcomeReport(db, runId, { asOf: LATER_THAN_ALL });
    const { id } = db.prepare(`SELECT id FROM evaluations WHERE transcript_id = 'b1'`).get() as { id: number };
    const repo = new EvaluationRepository(db);
    repo.recordReuse(runId, 20, 'b1', id);
    repo.recordReuse(runId, 21, 'b1', id);
    const after = outcomeReport(db, runId, { asOf: LATER_THAN_ALL });
    const counted = countSelection(db, { runId });
    const listed = [...selectEvaluations(db, { runId })].map((e) => e.transcript_id);
    db.close();
    expect(after).toEqual(before);
    expect(after.all.n).toBe(7);
    expect(counted).toBe(8); // the failed one is selected too: outcomes leaves it out
    expect(listed).toEqual(['b1', 'b2', 'b3', 'b4', 'h1', 'h2', 'f1', 'h3']);
  });

  it('a wider window catches the contact 100 h later too', () => {
    const { db, runId } = scenario();
    const r = outcomeReport(db, runId, { windowHours: 120 });
    db.close();
    expect(r.by_handler.bot.true_resolved).toBe(0);
    expect(r.window_hours).toBe(120);
  });
});
