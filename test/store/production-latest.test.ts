import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repeatContactSql, selectEvaluations, selectionCte, type EvaluationSelection } from '../../src/store/evaluation-selection.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { materializeRepeatContacts } from '../../src/store/repeat-contacts.js';
import { resolveReportScope } from '../../src/store/report-selection.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

/**
 * `production_latest` (migration 16) is kept by a trigger on every write path. Against the queries it replaced,
 * kept here as the oracle: the window over every evaluation of the rubric that a production run covered (the
 * latest per transcript among those that started in the period, in report order), and repeat contact as an
 * EXISTS over transcripts of the same customer whose evaluation a production run covered.
 */
const LATEST_PRODUCTION_START = `
  SELECT MAX(julianday(t.started_at)) AS jd FROM evaluations e
  JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash
  JOIN rubrics rb ON rb.hash = e.rubric_hash
  WHERE rb.id = 'support_qa' AND EXISTS (SELECT 1 FROM run_items pri JOIN runs r ON r.id = pri.run_id WHERE pri.evaluation_id = e.id AND r.command <> 'calibrate')`;

const OLD_PERIOD = (where: string) => `
  WITH ranked AS (
    SELECT e.id AS evaluation_id, e.transcript_id, e.content_hash, e.run_id AS evaluated_in_run, e.status, e.qa_score,
           e.auto_fail, e.judge, e.rubric_hash, rb.id AS rubric_id, rb.version AS rubric_version, t.started_at, t.customer_id, t.agent_id, t.intent,
           ROW_NUMBER() OVER (PARTITION BY e.transcript_id ORDER BY e.created_at DESC, e.id DESC) AS latest
    FROM evaluations e
    JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash
    JOIN rubrics rb ON rb.hash = e.rubric_hash
    WHERE rb.id = @rubric AND EXISTS (SELECT 1 FROM run_items pri JOIN runs r ON r.id = pri.run_id WHERE pri.evaluation_id = e.id AND r.command <> 'calibrate')
      ${where})
  SELECT evaluation_id, transcript_id, content_hash, evaluated_in_run, status, qa_score, auto_fail, judge, rubric_hash,
         rubric_id, rubric_version, started_at, customer_id, agent_id, intent
  FROM ranked WHERE latest = 1 ORDER BY julianday(started_at), transcript_id`;

const OLD_REPEAT = `EXISTS (
  SELECT 1 FROM transcripts t2 WHERE t2.customer_id = s.customer_id AND t2.id != s.transcript_id
    AND julianday(t2.started_at) > julianday(s.started_at) AND julianday(t2.started_at) <= julianday(s.started_at) + @days
    AND (s.intent IS NULL OR t2.intent IS NULL OR t2.intent = s.intent)
    AND EXISTS (SELECT 1 FROM evaluations e2 WHERE e2.transcript_id = t2.id AND e2.content_hash = t2.content_hash
                AND EXISTS (SELECT 1 FROM run_items pri JOIN runs r ON r.id = pri.run_id WHERE pri.evaluation_id = e2.id AND r.command <> 'calibrate')))`;

function oldPeriod(db: Db, from?: string, to?: string): unknown[] {
  const where = [from ? 'AND julianday(t.started_at) >= julianday(@from)' : '', to ? 'AND julianday(t.started_at) <= julianday(@to)' : ''].join(' ');
  return db.prepare(OLD_PERIOD(where)).all({ rubric: 'support_qa', ...(from ? { from } : {}), ...(to ? { to } : {}) });
}

type Line = Record<string, unknown> & { id: string; started_at: string; customer_id: string; messages: { role: string; text: string; at?: string }[] };
const read = (path: string) => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
const write = (path: string, rows: unknown[]) => writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
const shift = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/**
 * Through the real write paths: two shards scored and merged; a calibrate run (the eval set, plus an eval-only
 * conversation an hour after a real customer's); then rubric version 1.1.0 scored on edited conversations (an
 * extra message; one moved ten days later, one written with a +02:00 offset), a customer coming back 71 h later
 * and one 73 h later.
 */
async function history(dir: string): Promise<string> {
  const db = pathIn(dir, 'cxqa.db');
  const score = async (input: string, rubric: string, dbPath: string, ...extra: string[]) => {
    const r = await runCli(['score', '-i', input, '-r', rubric, '--judge', 'offline', '--db', dbPath, '--json', '--quiet', ...extra]);
    expect([0, 1], r.stderr).toContain(r.code);
  };
  const shards = [0, 1].map((i) => pathIn(dir, `shard-${i}.db`));
  for (const [i, shard] of shards.entries()) await score('samples/transcripts.jsonl', 'rubrics/support-qa.yaml', shard, '--shard', `${i}/2`);
  expect((await runCli(['merge', ...shards, '--into', db])).code).toBe(0);

  const samples = read('samples/transcripts.jsonl');
  const evals = read('evals/support-qa.eval.jsonl');
  const evalOnly = { ...evals[0]!, id: 'eval-only-1', customer_id: samples[1]!.customer_id, started_at: shift(samples[1]!.started_at, 1) };
  const evalLate = { ...evals[1]!, id: 'eval-late', started_at: '2027-06-01T10:00:00Z' };
  const evalFile = pathIn(dir, 'eval.jsonl');
  write(evalFile, [...evals, evalOnly, evalLate]);
  const cal = await runCli(['calibrate', '-e', evalFile, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--json', '--iterations', '10']);
  expect([0, 1], cal.stderr).toContain(cal.code);

  const rubric2 = pathIn(dir, 'support-qa-1.1.yaml');
  writeFileSync(rubric2, readFileSync('rubrics/support-qa.yaml', 'utf8').replace('version: "1.0.0"', 'version: "1.1.0"'));
  const edited = samples.slice(0, 12).map((t, i) => {
    const c = structuredClone(t);
    c.messages.push({ role: 'customer', text: `thanks (${i})` });
    if (i === 3) c.started_at = shift(c.started_at, 240);
    if (i === 4) c.started_at = c.started_at.replace('Z', '').replace(/(\.\d+)?$/, '') + '+02:00';
    return c;
  });
  const back = (h: number, id: string) => ({ ...structuredClone(samples[20]!), id, started_at: shift(samples[20]!.started_at, h) });
  const input2 = pathIn(dir, 'edited.jsonl');
  write(input2, [...edited, back(71, 'came-back-71h'), back(73, 'came-back-73h')]);
  await score(input2, rubric2, db);
  return db;
}

const PERIODS: [string | undefined, string | undefined][] = [
  [undefined, undefined],
  ['2026-11-01T00:00:00.000Z', '2026-11-03T23:59:59.999Z'],
  ['2026-11-04T00:00:00.000Z', undefined],
  [undefined, '2026-11-02T12:00:00.000Z'],
];

describe('production_latest: the derived table period selection and repeat contact read', () => {
  const tmp = useTempDir();

  it('selects what the window over every evaluation selected, and finds the repeat contacts the EXISTS over transcripts found', async () => {
    const dir = tmp();
    const path = await history(dir);
    const db = openDatabase(path);
    try {
      // The history exercises what it is meant to: two rubric versions, a calibrate run, edited contents.
      expect(db.prepare("SELECT COUNT(DISTINCT rubric_hash) AS n FROM evaluations").get()).toEqual({ n: 2 });
      expect(db.prepare("SELECT COUNT(*) AS n FROM runs WHERE command = 'calibrate'").get()).toEqual({ n: 1 });
      expect((db.prepare('SELECT COUNT(*) AS n FROM production_latest').get() as { n: number }).n).toBe(48 + 12 + 2);
      expect(db.prepare("SELECT COUNT(*) AS n FROM production_latest WHERE transcript_id = 'eval-only-1'").get()).toEqual({ n: 0 });

      for (const [from, to] of PERIODS) {
        const sel: EvaluationSelection = { rubricId: 'support_qa', ...(from ? { from } : {}), ...(to ? { to } : {}) };
        const want = oldPeriod(db, from, to);
        expect(want.length).toBeGreaterThan(0);
        expect([...selectEvaluations(db, sel)], `${from} .. ${to}`).toEqual(want);
      }
      // The transcript moved ten days later: its new content in the later period, its old one in the first.
      const moved = (db.prepare("SELECT id FROM transcripts GROUP BY id HAVING COUNT(DISTINCT started_at) > 1").all() as { id: string }[]).map((r) => r.id);
      expect(moved.length).toBe(2);

      // Repeat contact of every evaluation stored (calibrate's too), with two windows.
      const all = `WITH s AS (SELECT e.id, t.customer_id, e.transcript_id, t.started_at, t.intent FROM evaluations e
                     JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash)`;
      for (const hours of [72, 24]) {
        const got = db.prepare(`${all} SELECT id, ${repeatContactSql('s')} AS r FROM s ORDER BY id`).all({ repeat_window_ms: hours * 3_600_000 });
        const want = db.prepare(`${all} SELECT id, ${OLD_REPEAT} AS r FROM s ORDER BY id`).all({ days: hours / 24 });
        expect(got).toEqual(want);
        expect(got.filter((r) => (r as { r: number }).r === 1).length).toBeGreaterThan(hours === 72 ? 1 : 0);
      }
      // A report's default period ends with the day of the latest production conversation, not of an eval set's.
      const { jd } = db.prepare(LATEST_PRODUCTION_START).get() as { jd: number };
      const midnightAfter = new Date((Math.floor(jd - 2440587.5) + 1) * 86_400_000).toISOString();
      expect(midnightAfter < '2027-06-01').toBe(true);
      expect(resolveReportScope(db).current.to).toBe(midnightAfter);
      // What makes a run production data cannot change afterwards.
      expect(() => db.prepare("UPDATE runs SET command = 'score' WHERE command = 'calibrate'").run()).toThrow(/a run's command cannot change/);
    } finally {
      db.close();
    }
  });

  it('repeat contact of a whole selection at once (materializeRepeatContacts) answers as the lookup per conversation does', async () => {
    const db = openDatabase(await history(tmp()));
    try {
      const runs = db.prepare('SELECT id, command FROM runs ORDER BY started_at').all() as { id: string; command: string }[];
      const selections: EvaluationSelection[] = [
        ...PERIODS.map(([from, to]) => ({ rubricId: 'support_qa', ...(from ? { from } : {}), ...(to ? { to } : {}) })),
        ...runs.filter((r) => r.command !== 'calibrate').flatMap((r) => [{ runId: r.id }, { runId: r.id, from: '2026-11-02T00:00:00.000Z', to: '2026-11-04T12:00:00.000Z' }]),
      ];
      let repeats = 0;
      for (const sel of selections) {
        for (const hours of [72, 24, 1]) {
          const window = hours * 3_600_000;
          const fast = materializeRepeatContacts(db, sel, window);
          try {
            const { sql, params } = selectionCte(sel, { ordered: false });
            const got = db.prepare(`${sql} SELECT s.evaluation_id, ${fast.sql('s')} AS fast, ${repeatContactSql('s')} AS slow FROM selected s`).all({ ...params, repeat_window_ms: window }) as {
              evaluation_id: number;
              fast: number;
              slow: number;
            }[];
            expect(got.length, JSON.stringify(sel)).toBeGreaterThan(0);
            expect(got.filter((r) => r.fast !== r.slow), `${JSON.stringify(sel)} ${hours} h`).toEqual([]);
            repeats += got.filter((r) => r.slow === 1).length;
          } finally {
            fast.drop();
          }
        }
      }
      expect(repeats).toBeGreaterThan(10); // the history has repeat contacts to find
      // A calibrate run's eval transcripts have no production row: no table, the lookup per conversation.
      const calibrate = materializeRepeatContacts(db, { runId: runs.find((r) => r.command === 'calibrate')!.id }, 1);
      expect(calibrate.sql('s')).toBe(repeatContactSql('s'));
      expect(db.prepare(`SELECT COUNT(*) AS n FROM temp.sqlite_master WHERE name LIKE 'repeat_contacts%'`).get()).toEqual({ n: 0 });
      expect(db.prepare(`SELECT COUNT(*) AS n FROM temp.sqlite_master WHERE name LIKE 'repeat_contacts%'`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('is filled for a database stored before it existed (the migration), and `cxqa audit verify` fails when it is edited, naming the transcript', async () => {
    const dir = tmp();
    const path = await history(dir);
    const rows = (db: Db) => db.prepare('SELECT rubric_id, transcript_id, content_hash, evaluation_id, created_at, start_ms, started_at, customer_id, agent_id, intent FROM production_latest ORDER BY 1, 2, 3').all();
    const db = openDatabase(path);
    const kept = rows(db);
    db.close();

    const old = pathIn(dir, 'old.db');
    copyFileSync(path, old);
    const before = openDatabase(old);
    before.exec('DROP TABLE production_latest; DROP TRIGGER production_latest_on_run_item; DROP TRIGGER runs_command_fixed');
    before.pragma('user_version = 15');
    before.close();
    const migrated = openDatabase(old);
    expect(rows(migrated)).toEqual(kept);
    migrated.close();

    expect((await runCli(['audit', 'verify', '--db', path])).code).toBe(0);
    const edit = openDatabase(path);
    const victim = edit.prepare("SELECT transcript_id FROM production_latest WHERE transcript_id = 't-010' LIMIT 1").get() as { transcript_id: string };
    edit.prepare('UPDATE production_latest SET evaluation_id = evaluation_id - 1 WHERE transcript_id = ?').run(victim.transcript_id);
    edit.close();
    const tampered = await runCli(['audit', 'verify', '--db', path]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/production_latest row \d+ disagrees with the stored history for transcript t-010/);

    const gone = openDatabase(old);
    gone.prepare("DELETE FROM production_latest WHERE transcript_id = 'came-back-71h'").run();
    gone.close();
    const missing = await runCli(['audit', 'verify', '--db', old]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('production_latest has no row for transcript came-back-71h');
  });
});
