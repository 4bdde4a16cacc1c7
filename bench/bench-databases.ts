/**
 * The scored databases the report and morning-query benchmarks read, cached under `.bench/` so reruns skip
 * their generation: `.bench/report-100k.db` (100,000 generated transcripts of 10 messages scored for real with
 * `cxqa score --judge offline`, a third of them without an intent so the stated-reason grouping runs) and
 * `.bench/report-1m.db` (that database copied ten times in SQL under new transcript ids, customers and later
 * days: scoring a million transcripts takes minutes and says nothing more about the queries; the copies are not
 * hash-chained, so `cxqa audit verify` fails on it). A stamp file
 * beside each says which generator made it; a database from another generator version is made again.
 * Delete `.bench/report-*.db` to force it. cxqa commands opening a cached database may migrate it forward.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { log, tempDir } from './bench-common.js';
import { writeTranscripts } from './generate-transcripts.js';
import { runCxqa } from './run-cxqa.js';

/** Bump when what is generated changes. */
const GENERATOR = 'report-db-v1';
const DIR = '.bench';

function fresh(path: string): boolean {
  return existsSync(path) && existsSync(`${path}.stamp`) && readFileSync(`${path}.stamp`, 'utf8').trim() === GENERATOR;
}

function remove(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}.stamp`]) rmSync(p, { force: true });
}

/** `.bench/report-100k.db`, scored on first use (about 1–2 minutes on 2 cores). */
export async function benchDb100k(): Promise<string> {
  const path = join(DIR, 'report-100k.db');
  if (fresh(path)) return path;
  remove(path);
  mkdirSync(DIR, { recursive: true });
  const tmp = tempDir('db100k');
  try {
    const input = join(tmp.dir, 'transcripts.jsonl');
    // A third of the conversations without an intent (the stated-reason grouping runs on them): stored
    // transcripts are append-only, so they are written that way rather than updated afterwards.
    await writeTranscripts(input, 100_000, 10, (t, i) => {
      if (i % 3 === 0) delete t.intent;
    });
    const scored = await runCxqa(['score', '--input', input, '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', path, '--quiet', '--json'], { keepStdout: false });
    log(`bench db: scored 100,000 transcripts in ${scored.seconds.toFixed(1)} s → ${path}`);
  } finally {
    tmp.remove();
  }
  checkpoint(path);
  writeFileSync(`${path}.stamp`, `${GENERATOR}\n`);
  return path;
}

/** `.bench/report-1m.db`: the 100k database copied ten times (first use: a few minutes, about 5 GB). */
export async function benchDb1m(): Promise<string> {
  const path = join(DIR, 'report-1m.db');
  if (fresh(path)) return path;
  remove(path);
  const base = await benchDb100k();
  copyFileSync(base, path);
  const t0 = performance.now();
  multiply(path, 10);
  checkpoint(path);
  log(`bench db: copied to 1,000,000 conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(statSync(path).size / 2 ** 30).toFixed(2)} GB) → ${path}`);
  writeFileSync(`${path}.stamp`, `${GENERATOR}\n`);
  return path;
}

function checkpoint(path: string): void {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Copies every conversation of the database `times - 1` more times under new ids, customers and later days. */
export function multiply(dbPath: string, times: number): void {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  const span = db.prepare('SELECT MAX(id) AS max FROM evaluations').get() as { max: number };
  const days = 70;
  db.transaction(() => {
    for (let k = 1; k < times; k++) {
      const off = k * span.max;
      const shift = `'+${k * days} days'`;
      db.prepare(
        `INSERT INTO transcripts (id, content_hash, channel, started_at, customer_id, agent_id, intent, message_count, outline_json, body_json)
         SELECT id || '-${k}', content_hash, channel, strftime('%Y-%m-%dT%H:%M:%SZ', started_at, ${shift}), customer_id || '-${k}', agent_id, intent, message_count, outline_json,
                json_set(body_json, '$.id', id || '-${k}', '$.started_at', strftime('%Y-%m-%dT%H:%M:%SZ', started_at, ${shift}), '$.customer_id', customer_id || '-${k}')
         FROM transcripts WHERE id NOT LIKE '%-%-%'`,
      ).run();
      // The facts depend on nothing the copy changes (not the id, customer or start).
      db.prepare(
        `INSERT INTO transcript_facts SELECT transcript_id || '-${k}', content_hash, handler, handed_off, customer_turns, minutes, survey_csat, survey_ces, survey_nps, agent_id, bot, abandoned_after_handoff, reason
         FROM transcript_facts WHERE transcript_id NOT LIKE '%-%-%'`,
      ).run();
      db.prepare(
        `INSERT INTO evaluations (id, transcript_id, content_hash, rubric_hash, judge, run_id, status, qa_score, auto_fail, error_code, error_message, created_at,
                                  input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, judge_fingerprint)
         SELECT id + ${off}, transcript_id || '-${k}', content_hash, rubric_hash, judge, run_id, status, qa_score, auto_fail, error_code, error_message, created_at,
                input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, judge_fingerprint
         FROM evaluations WHERE id <= ${span.max}`,
      ).run();
      // What each run covered: period reports count only evaluations a production run covered.
      db.prepare(
        `INSERT INTO run_items (run_id, source_line, transcript_id, evaluation_id, status)
         SELECT run_id, NULL, transcript_id || '-${k}', evaluation_id + ${off}, status FROM run_items WHERE evaluation_id <= ${span.max}`,
      ).run();
      db.prepare(
        `INSERT INTO criterion_results (evaluation_id, criterion_id, kind, value_json, na, rationale, evidence_json, judge, error_code, error_message, na_code)
         SELECT evaluation_id + ${off}, criterion_id, kind, value_json, na, rationale, evidence_json, judge, error_code, error_message, na_code
         FROM criterion_results WHERE evaluation_id <= ${span.max}`,
      ).run();
      db.prepare(
        `INSERT INTO findings (run_id, evaluation_id, transcript_id, content_hash, criterion_id, rule_check, severity, message_index, matched_text, policy, rationale,
                               rubric_id, rubric_version, rubric_hash, judge, created_at)
         SELECT run_id, evaluation_id + ${off}, transcript_id || '-${k}', content_hash, criterion_id, rule_check, severity, message_index, matched_text, policy, rationale,
                rubric_id, rubric_version, rubric_hash, judge, created_at
         FROM findings WHERE evaluation_id <= ${span.max}`,
      ).run();
    }
  })();
  db.close();
}
