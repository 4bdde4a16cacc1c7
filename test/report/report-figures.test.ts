import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outcomeReport } from '../../src/metrics/outcome-report.js';
import { buildReportData } from '../../src/report/page/build-report-data.js';
import { openDatabase } from '../../src/store/open-database.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

/**
 * The figures of `cxqa report` and `cxqa outcomes` on a small fixture, against a golden file written by the code
 * path before the 1M-conversation rewrite (period table facts parsed per report, criterion results grouped twice,
 * outcomes computed row by row in JavaScript). Any change to a number fails here. To re-make the golden file after
 * an intended change of figures: CXQA_WRITE_GOLDEN=1 npx vitest run test/report/report-figures.test.ts, and say
 * why in the commit.
 */
const GOLDEN = 'test/report/fixtures/report-figures.golden.json';
const tmp = useTempDir();

/**
 * The samples twice (this week and, under other ids, the week before), every third conversation of this week
 * without an intent (stated reasons), and two human decisions (one overriding resolution, one Auto-CSAT).
 */
async function fixture(dir: string): Promise<string> {
  const lines = readFileSync('samples/transcripts.jsonl', 'utf8').trim().split('\n');
  const back = (iso: string) => new Date(Date.parse(iso) - 7 * 86_400_000).toISOString();
  const out: string[] = [];
  lines.forEach((l, i) => {
    const t = JSON.parse(l) as Record<string, unknown> & { messages: { at?: string }[] };
    t['id'] = `prev-${String(t['id'])}`;
    t['started_at'] = back(String(t['started_at']));
    for (const m of t.messages) if (m.at) m.at = back(m.at);
    if (i % 5 === 0) t['customer_id'] = 'cust-1001'; // a customer who comes back
    out.push(JSON.stringify(t));
  });
  lines.forEach((l, i) => {
    const t = JSON.parse(l) as Record<string, unknown>;
    if (i % 3 === 0) delete t['intent'];
    out.push(JSON.stringify(t));
  });
  const input = pathIn(dir, 'two-weeks.jsonl');
  writeFileSync(input, `${out.join('\n')}\n`);
  const db = pathIn(dir, 'f.db');
  const scored = await runCli(['score', '--input', input, '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--quiet']);
  expect([0, 1]).toContain(scored.code);
  for (const args of [
    ['t-002', 'resolution', 'unresolved'],
    ['t-007', 'auto_csat', '1'],
  ]) {
    const d = await runCli(['review', 'decide', ...args, '--reviewer', 'qa-lead', '--db', db]);
    expect(d.code, d.stderr).toBe(0);
  }
  return db;
}

/** Run ids and storage times differ from one fixture build to the next; everything else must not. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replace(/run-\d{8}T\d{6}Z-[0-9a-f]+/g, 'RUN')
      .replace(/"(generated_at|at|as_of)":"[^"]*"/g, (m, k: string) => (m.includes('2026-11-') || m.includes('2026-10-') ? m : `"${k}":"T"`)),
  );
}

describe('report and outcome figures', () => {
  it('are the figures of the code path before the rewrite, on a fixture with a previous week, stated reasons and human decisions', async () => {
    const dir = tmp();
    const path = await fixture(dir);
    const db = openDatabase(path);
    try {
      const asOf = new Date('2026-11-09T12:00:00Z');
      const report = buildReportData(db, { now: asOf, asOf, generator: 'test' });
      const whole = buildReportData(db, { now: asOf, asOf, generator: 'test', from: '2026-10-01', to: '2026-11-30', maxConversations: 5 });
      const outcomesRun = outcomeReport(db, (db.prepare("SELECT id FROM runs WHERE command = 'score'").get() as { id: string }).id, { asOf });
      const outcomesPeriod = outcomeReport(db, { rubricId: 'support_qa', from: '2026-11-01', to: '2026-11-07T23:59:59Z' }, { asOf, windowHours: 24 });
      // The 48 embedded conversations by id (their full text is checked on the 5 of `whole`).
      const got = normalise({ report: { ...report, conversations: report.conversations.map((c) => c.id) }, whole, outcomesRun, outcomesPeriod });
      if (process.env['CXQA_WRITE_GOLDEN'] === '1') writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
      expect(got).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
      // The fixture exercises what it is meant to.
      expect(report.counts.conversations).toBe(48);
      expect(report.counts.previous_conversations).toBe(48);
      expect(report.reasons.missing_intent).toBeGreaterThan(0);
      expect(report.reasons.stated.length).toBeGreaterThan(0);
      expect(outcomesRun.all.n).toBe(96);
      expect(outcomesRun.all.repeat_contact_rate).toBeGreaterThan(0);
      expect(outcomesRun.all.pending).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
