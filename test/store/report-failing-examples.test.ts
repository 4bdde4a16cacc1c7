import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { failingExamples } from '../../src/store/report-verdict-queries.js';

/**
 * Coaching examples: the best three failing verdicts per (agent or bot, criterion). Tables with only the columns the
 * query reads (the real ones are made by the migrations and `buildReportTable`), so ranks and ties can be set exactly.
 */
function fixture(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE criterion_results (evaluation_id INTEGER, criterion_id TEXT, value_json TEXT, na INTEGER, error_code TEXT, evidence_json TEXT);
    CREATE INDEX criterion_results_verdicts ON criterion_results (evaluation_id, criterion_id, value_json, na, error_code, evidence_json != '[]');
    CREATE TEMP TABLE report_conv (eid INTEGER PRIMARY KEY, tid TEXT, period TEXT, started_at TEXT, handler TEXT, agent_id TEXT, bot TEXT, qa_score REAL);
  `);
  const conv = db.prepare('INSERT INTO temp.report_conv VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const verdict = db.prepare('INSERT INTO criterion_results VALUES (?, ?, ?, ?, ?, ?)');
  const rows: [tid: string, period: string, at: string, agent: string, qa: number | null, value: string, evidence: boolean, error?: string][] = [
    ['t-low', 'cur', '2026-11-02T10:00:00Z', 'ana', 20, '"fail"', false],
    ['t-ev-high', 'cur', '2026-11-02T10:00:00Z', 'ana', 90, '"fail"', true], // evidence beats any QA score
    ['t-null', 'cur', '2026-11-02T10:00:00Z', 'ana', null, '"fail"', false], // no QA score sorts first, as SQLite sorts NULL
    ['t-b', 'cur', '2026-11-01T10:00:00Z', 'ana', 50, '"fail"', false],
    ['t-a', 'cur', '2026-11-01T10:00:00Z', 'ana', 50, '"fail"', false], // a tie with t-b: the lower id
    ['t-late', 'cur', '2026-11-03T10:00:00Z', 'ana', 50, '"fail"', false], // same score, later start: before t-a and t-b
    ['t-pass', 'cur', '2026-11-02T10:00:00Z', 'ana', 0, '"pass"', true], // not a failure
    ['t-error', 'cur', '2026-11-02T10:00:00Z', 'ana', 0, '"fail"', true, 'JUDGE_TIMEOUT'], // no verdict
    ['t-prev', 'prev', '2026-10-25T10:00:00Z', 'ana', 0, '"fail"', true], // the previous period
    ['t-ben', 'cur', '2026-11-02T10:00:00Z', 'ben', 10, '"fail"', true], // not asked for
  ];
  rows.forEach(([tid, period, at, agent, qa, value, evidence, error], i) => {
    conv.run(i + 1, tid, period, at, 'human', agent, null, qa);
    verdict.run(i + 1, 'empathy', value, 0, error ?? null, evidence ? '[{"quote":"x"}]' : '[]');
  });
  return db;
}

describe('failingExamples', () => {
  const failing = [{ criterion_id: 'empathy', value_json: '"fail"' }];
  const ana = [{ entity: 'ana', criterion_id: 'empathy' }];

  it('keeps the best failing verdicts per agent and criterion: evidence, lowest QA score (none first), latest start, then id', () => {
    const db = fixture();
    const top = (n: number) => failingExamples(db, failing, { agent: ana, bot: [] }, n).agent.map((r) => r.tid);
    expect(top(3)).toEqual(['t-ev-high', 't-null', 't-low']);
    expect(top(10)).toEqual(['t-ev-high', 't-null', 't-low', 't-late', 't-a', 't-b']);
    expect(top(1)).toEqual(['t-ev-high']);
  });

  it('orders the groups by entity and criterion, and returns nothing when nothing is asked for', () => {
    const db = fixture();
    const both = failingExamples(db, failing, { agent: [{ entity: 'ben', criterion_id: 'empathy' }, ...ana], bot: [] }, 1);
    expect(both).toEqual({
      agent: [
        { entity: 'ana', criterion_id: 'empathy', tid: 't-ev-high' },
        { entity: 'ben', criterion_id: 'empathy', tid: 't-ben' },
      ],
      bot: [],
    });
    expect(failingExamples(db, [], { agent: ana, bot: [] })).toEqual({ agent: [], bot: [] });
    expect(failingExamples(db, failing, { agent: [], bot: ana })).toEqual({ agent: [], bot: [] }); // ana is no bot
  });

  it('gives a conversation a bot handed to a human to both: the agent and the bot', () => {
    const db = fixture();
    db.prepare(`INSERT INTO temp.report_conv VALUES (100, 't-handoff', 'cur', '2026-11-02T10:00:00Z', 'human', 'cleo', 'helpbot', 5)`).run();
    db.prepare(`INSERT INTO criterion_results VALUES (100, 'empathy', '"fail"', 0, NULL, '[]')`).run();
    // a bot-only conversation counts for the bot alone, even with an agent id
    db.prepare(`INSERT INTO temp.report_conv VALUES (101, 't-bot', 'cur', '2026-11-02T10:00:00Z', 'bot', 'cleo', 'helpbot', 1)`).run();
    db.prepare(`INSERT INTO criterion_results VALUES (101, 'empathy', '"fail"', 0, NULL, '[]')`).run();
    const got = failingExamples(db, failing, { agent: [{ entity: 'cleo', criterion_id: 'empathy' }], bot: [{ entity: 'helpbot', criterion_id: 'empathy' }] });
    expect(got.agent.map((r) => r.tid)).toEqual(['t-handoff']);
    expect(got.bot.map((r) => r.tid)).toEqual(['t-bot', 't-handoff']);
  });
});
