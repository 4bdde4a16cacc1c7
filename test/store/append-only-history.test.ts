import { copyFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/report/audit-history.js';
import { exportRecords } from '../../src/report/export-records.js';
import { parseRubric } from '../../src/rubric/load.js';
import { scoreRun } from '../../src/run/score-run.js';
import { migrations } from '../../src/store/migrations.js';
import { openDatabase } from '../../src/store/open-database.js';
import { verifyChain } from '../../src/store/verify-chain.js';
import { runCli } from '../helpers/run-cli.js';
import { StubJudge } from '../helpers/stub-judge.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

const rubric = parseRubric(
  `id: r
version: 1
title: R
criteria:
  - { id: tone, title: Tone, kind: scale, min: 1, max: 5, anchors: { 1: a, 2: b, 3: c, 4: d, 5: e } }
  - id: disclosure
    title: Disclosure
    kind: rule
    rule: { check: must_include, patterns: ["recorded"], scope: { roles: [bot, agent], first: 1 } }
`,
  'r.yaml',
);

const transcripts = ['a', 'b', 'c', 'd'].map((id) => makeTranscript([say('customer', 'hi'), say('bot', 'This chat is recorded. How can I help?')], { id }));

describe('append-only, hash-chained history', () => {
  const tmp = useTempDir();

  /** Run 1: a, b, c malformed (partial), d scored; run 2: the three redone. */
  async function twoRuns() {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, toJsonl(transcripts));
    const path = pathIn(dir, 'cxqa.db');
    const db = openDatabase(path);
    let broken = true;
    const judge = new StubJudge('stub:v1', (_c, req) =>
      broken && req.transcript.id !== 'd' ? { error: { code: 'JUDGE_OUTPUT_MALFORMED', message: 'not JSON' } } : { value: 4 },
    );
    const first = await scoreRun({ db, input, rubric, judge });
    const firstExport = [...exportRecords(db, first.runId)];
    broken = false;
    const second = await scoreRun({ db, input, rubric, judge });
    return { dir, path, db, first, second, firstExport };
  }

  it('a redo adds a new evaluation; export of the first run is exactly what it returned; audit lists every attempt', async () => {
    const { db, first, second, firstExport } = await twoRuns();
    expect(second).toMatchObject({ scored: 3, reused: 1 });
    expect(firstExport.map((r) => [r.transcript_id, r.status])).toEqual([
      ['a', 'partial'],
      ['b', 'partial'],
      ['c', 'partial'],
      ['d', 'scored'],
    ]);
    expect([...exportRecords(db, first.runId)]).toEqual(firstExport);
    expect([...exportRecords(db, second.runId)].map((r) => r.status)).toEqual(['scored', 'scored', 'scored', 'scored']);

    const history = auditHistory(db, 'a')!;
    expect(history.evaluations.map((e) => [e.status, e.evaluated_in_run])).toEqual([
      ['partial', first.runId],
      ['scored', second.runId],
    ]);
    expect(history.evaluations[0]!.criteria.find((c) => c.criterion === 'tone')!.error?.code).toBe('JUDGE_OUTPUT_MALFORMED');
    // The creation order is the id order: the latest attempt has the greatest id.
    expect(history.evaluations[1]!.evaluation_id).toBeGreaterThan(history.evaluations[0]!.evaluation_id);
    expect(verifyChain(db)).toMatchObject({ problem: null, per_table: { evaluations: 7, criterion_results: 14, run_items: 8 } });
    db.close();
  });

  it('evaluations, criterion results, panel votes and run items refuse UPDATE and DELETE', async () => {
    const { path, db } = await twoRuns();
    db.close();
    const raw = new Database(path);
    expect(() => raw.prepare('UPDATE evaluations SET qa_score = 100').run()).toThrow(/evaluations are append-only: UPDATE is not allowed/);
    expect(() => raw.prepare('DELETE FROM evaluations WHERE id = 1').run()).toThrow(/append-only: DELETE/);
    expect(() => raw.prepare("UPDATE criterion_results SET value_json = '5'").run()).toThrow(/criterion_results are append-only: UPDATE/);
    expect(() => raw.prepare('DELETE FROM criterion_results').run()).toThrow(/criterion_results are append-only: DELETE/);
    expect(() => raw.prepare("UPDATE run_items SET status = 'scored'").run()).toThrow(/run_items are append-only/);
    expect(() => raw.prepare('DELETE FROM run_items').run()).toThrow(/run_items are append-only/);
    expect(() => raw.prepare('DELETE FROM panel_votes').run()).not.toThrow(); // nothing to delete: the trigger fires per row
    expect(() => raw.prepare('DELETE FROM findings').run()).not.toThrow();
    raw.close();
  });

  /** Drops the append-only triggers and runs `sql` on a copy of the database, as an attacker with sqlite3 would. */
  function tampered(path: string, name: string, sql: string): string {
    const copy = pathIn(tmp(), name);
    copyFileSync(path, copy);
    const raw = new Database(copy);
    for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) raw.exec(`DROP TRIGGER ${t.name}`);
    raw.pragma('foreign_keys = OFF');
    raw.exec(sql);
    raw.close();
    return copy;
  }

  it('`cxqa audit verify` reports n rows verified, and names the first edited, deleted or unchained row (exit 1)', async () => {
    const { path, db } = await twoRuns();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const ok = await runCli(['audit', 'verify', '--db', path]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`33 rows verified in ${path}\n`); // transcripts are chained too (4 rows)

    const cases: [string, string, RegExp][] = [
      ['edited.db', 'UPDATE evaluations SET qa_score = 12.5 WHERE id = 2', /evaluations row 2 was edited/],
      ['rehashed.db', "UPDATE criterion_results SET value_json = '5', row_hash = 'x' WHERE rowid = 3", /criterion_results row 3 was edited/],
      ['deleted.db', 'DELETE FROM criterion_results WHERE rowid = 5', /criterion_results row 5 is missing \(deleted\)/],
      ['deleted-last.db', 'DELETE FROM evaluations WHERE id = (SELECT MAX(id) FROM evaluations)', /evaluations row 7 is missing \(deleted\): criterion_results still refer to it/],
      ['results-gone.db', 'DELETE FROM criterion_results WHERE evaluation_id = 7', /criterion_results of evaluation 7 are missing/],
      ['added.db', "INSERT INTO run_items (run_id, status) SELECT id, 'scored' FROM runs LIMIT 1", /run_items row 9 has no hash: it was added outside cxqa/],
    ];
    for (const [name, sql, message] of cases) {
      const r = await runCli(['audit', 'verify', '--db', tampered(path, name, sql)]);
      expect(r.stdout, name).toMatch(message);
      expect(r.stdout).toMatch(/^audit verify failed: /);
      expect(r.code, name).toBe(1);
    }
    const json = await runCli(['audit', 'verify', '--db', tampered(path, 'json.db', 'UPDATE evaluations SET qa_score = 12.5 WHERE id = 2'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 33, problem: { kind: 'edited', table: 'evaluations', rowid: 2 } });
    expect((await runCli(['audit', 'verify', '--db', pathIn(tmp(), 'nope.db')])).code).toBe(2);
  });

  it('a database from before the chain is migrated: rows kept, chained as found, then append-only', () => {
    const path = pathIn(tmp(), 'old.db');
    const old = new Database(path);
    const chained = migrations.find((m) => m.name.startsWith('append-only, hash-chained'))!.version;
    for (const m of migrations.filter((x) => x.version < chained)) old.exec(m.sql);
    old.pragma(`user_version = ${chained - 1}`);
    old.exec(`
      INSERT INTO rubrics VALUES ('rh', 'r', '1', '{}');
      INSERT INTO runs (id, command, status, started_at, rubric_id, rubric_version, rubric_hash, judge) VALUES ('run-1', 'score', 'completed', '2026-11-01', 'r', '1', 'rh', 'offline:v1');
      INSERT INTO transcripts VALUES ('a', 'ch', 'chat', '2026-11-01', 'c', NULL, NULL, 1, '{}');
      INSERT INTO evaluations (id, transcript_id, content_hash, rubric_hash, judge, run_id, status, qa_score, created_at) VALUES (4, 'a', 'ch', 'rh', 'offline:v1', 'run-1', 'scored', 80, '2026-11-01');
      INSERT INTO criterion_results VALUES (4, 'tone', 'scale', '4', 0, 'ok', '[]', 'offline:v1', NULL, NULL);
      INSERT INTO run_items (run_id, transcript_id, evaluation_id, status) VALUES ('run-1', 'a', 4, 'scored');
      INSERT INTO findings (run_id, evaluation_id, transcript_id, content_hash, rule_check, severity, rubric_id, rubric_version, rubric_hash, judge, created_at)
        VALUES ('run-1', 4, 'a', 'ch', 'injection', 'high', 'r', '1', 'rh', 'offline:v1', '2026-11-01');
      INSERT INTO human_decisions (transcript_id, content_hash, rubric_id, rubric_hash, criterion_id, value_json, na, reviewer, created_at)
        VALUES ('a', 'ch', 'r', 'rh', 'tone', '5', 0, 'ana', '2026-11-02');
    `);
    old.close();
    const db = openDatabase(path);
    expect(db.prepare('SELECT id, qa_score FROM evaluations').all()).toEqual([{ id: 4, qa_score: 80 }]);
    // Ids 1-3 were deleted by the replace-on-redo of earlier versions, before the chain: not reported as missing.
    expect(verifyChain(db)).toMatchObject({ problem: null, rows: 6 }); // 5 history rows and the transcript, chained by migration 13
    expect(() => db.prepare('UPDATE evaluations SET qa_score = 100').run()).toThrow(/append-only/);
    // The triggers the findings and decisions had before are still there.
    expect(() => db.prepare('DELETE FROM findings').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE human_decisions SET reviewer = 1').run()).toThrow(/append-only/);
    db.close();
  });
});
