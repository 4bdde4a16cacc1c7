/**
 * `cxqa report` on large databases: generation time, peak RSS and page size at 100,000 conversations and (unless
 * CXQA_BENCH_QUICK=1) 1,000,000. The 100k database is scored for real (`cxqa score --judge offline` over generated
 * transcripts); the 1M one is that database copied ten times in SQL under new transcript ids, customers and days
 * (scoring a million transcripts takes ~6 minutes and says nothing more about the report). A third of the
 * conversations lose their intent, so the stated-reason grouping runs too. Two reports per size: the default
 * period (the last 7 days, against the 7 before) and the whole database (`--from` / `--to` around every conversation).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { log, QUICK, tempDir, type Measurement } from './bench-common.js';
import { writeTranscripts } from './generate-transcripts.js';

const HAVE_TIME = existsSync('/usr/bin/time');
const CHROMIUM = '/usr/bin/chromium';

/** Milliseconds from navigation start until the page has built every view (`data-ready-ms`), in headless Chromium; null without it. */
async function timeToInteractive(html: string, profile: string): Promise<number | null> {
  if (!existsSync(CHROMIUM)) return null;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    return Number(await page.getAttribute('body', 'data-ready-ms'));
  } finally {
    await context.close();
  }
}

interface Timed {
  seconds: number;
  peakMb: number | null;
  stdout: string;
}

function runCxqa(args: string[]): Promise<Timed> {
  const full = ['dist/src/cli/bin.js', ...args];
  const t0 = performance.now();
  const child = HAVE_TIME
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...full], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, full, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const exit = HAVE_TIME ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? code) : code;
      if (exit !== 0) return reject(new Error(`cxqa ${args[0]} exited ${exit}:\n${stderr}`));
      resolve({ seconds, peakMb: m ? Number(m[1]) / 1024 : null, stdout });
    });
  });
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
        `INSERT INTO transcripts (id, content_hash, channel, started_at, customer_id, agent_id, intent, message_count, body_json)
         SELECT id || '-${k}', content_hash, channel, strftime('%Y-%m-%dT%H:%M:%SZ', started_at, ${shift}), customer_id || '-${k}', agent_id, intent, message_count,
                json_set(body_json, '$.id', id || '-${k}', '$.started_at', strftime('%Y-%m-%dT%H:%M:%SZ', started_at, ${shift}), '$.customer_id', customer_id || '-${k}')
         FROM transcripts WHERE id NOT LIKE '%-%-%'`,
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
        `INSERT INTO criterion_results SELECT evaluation_id + ${off}, criterion_id, kind, value_json, na, rationale, evidence_json, judge, error_code, error_message
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

/** A third of the conversations without an intent (the stated-reason grouping runs on them). */
function dropSomeIntents(dbPath: string): void {
  const db = new Database(dbPath);
  db.prepare("UPDATE transcripts SET intent = NULL WHERE abs(random()) % 3 = 0").run();
  db.close();
}

function range(dbPath: string): { from: string; to: string } {
  const db = new Database(dbPath, { readonly: true });
  const r = db.prepare('SELECT MIN(started_at) AS a, MAX(started_at) AS b FROM transcripts').get() as { a: string; b: string };
  db.close();
  return { from: r.a.slice(0, 10), to: r.b.slice(0, 10) };
}

export async function reportGeneration(): Promise<Measurement[]> {
  const tmp = tempDir('report');
  const out: Measurement[] = [];
  try {
    const input = join(tmp.dir, 'transcripts.jsonl');
    const db = join(tmp.dir, 'report.db');
    await writeTranscripts(input, 100_000, 10);
    const scored = await runCxqa(['score', '--input', input, '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--quiet', '--json']);
    log(`report: scored 100,000 transcripts in ${scored.seconds.toFixed(1)} s`);
    dropSomeIntents(db);
    for (const n of QUICK ? [100_000] : [100_000, 1_000_000]) {
      if (n === 1_000_000) {
        const t0 = performance.now();
        multiply(db, 10);
        log(`report: copied the database to 1,000,000 conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(statSync(db).size / 2 ** 30).toFixed(2)} GB)`);
      }
      const whole = range(db);
      for (const [label, extra] of [
        ['last 7 days', []],
        ['whole database', ['--from', whole.from, '--to', whole.to]],
      ] as const) {
        const html = join(tmp.dir, `report-${n}.html`);
        const run = await runCxqa(['report', '--db', db, '--out', html, ...extra]);
        const mb = statSync(html).size / 2 ** 20;
        const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(readFileSync(html, 'utf8'))![1]!) as {
          counts: { conversations: number; previous_conversations: number; embedded: number };
        };
        const readyMs = await timeToInteractive(html, join(tmp.dir, `profile-${n}-${label.length}`));
        log(`report ${n} (${label}): ${run.seconds.toFixed(1)} s, peak ${run.peakMb?.toFixed(0) ?? '?'} MB, page ${mb.toFixed(1)} MB, interactive after ${readyMs ?? '?'} ms, ${data.counts.conversations} + ${data.counts.previous_conversations} conversations, ${data.counts.embedded} embedded`);
        const details = { seconds: run.seconds, peak_rss_mb: run.peakMb, page_mb: mb, interactive_ms: readyMs, period: label, ...data.counts };
        out.push({ id: `report_seconds_${n}_${label.replace(/ /g, '_')}`, name: `cxqa report, ${n.toLocaleString('en-US')}-conversation database, ${label}: time`, value: run.seconds, unit: 's', target: n >= 1_000_000 ? { op: '<', value: 30 } : null, details });
        if (readyMs !== null) out.push({ id: `report_interactive_ms_${n}_${label.replace(/ /g, '_')}`, name: `report page, ${n.toLocaleString('en-US')}-conversation database, ${label}: interactive after (headless Chromium)`, value: readyMs, unit: 'ms', target: { op: '<', value: 3000 }, details });
        out.push({ id: `report_page_mb_${n}_${label.replace(/ /g, '_')}`, name: `cxqa report, ${n.toLocaleString('en-US')}-conversation database, ${label}: page size`, value: mb, unit: 'MB', target: { op: '<', value: 15 }, details });
      }
    }
  } finally {
    tmp.remove();
  }
  if (QUICK) out.push({ id: 'report_seconds_1000000', name: 'cxqa report, 1,000,000 conversations', value: Number.NaN, unit: 's (skipped: CXQA_BENCH_QUICK=1)', target: { op: '<', value: 30 } });
  return out;
}
