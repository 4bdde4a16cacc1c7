/**
 * `cxqa report` on large databases: generation time, peak RSS and page size at 100,000 conversations and (unless
 * CXQA_BENCH_QUICK=1) 1,000,000, and at 1,000,000 the morning queries the report stands on: `cxqa outcomes --json`
 * and `cxqa export --format jsonl` (time and peak RSS). The databases are cached under .bench/ (see
 * bench-databases.ts: the first generation takes about 5 minutes on 2 cores, reruns none). Two reports per size:
 * the default period (the last 7 days, against the 7 before) and the whole database (`--from` / `--to` around
 * every conversation).
 */
import { statSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { log, QUICK, tempDir, type Measurement } from './bench-common.js';
import { benchDb100k, benchDb1m } from './bench-databases.js';
import { openDatabase } from '../src/store/open-database.js';
import { runCxqa } from './run-cxqa.js';

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

/** `cxqa outcomes --json` and `cxqa export --format jsonl` on the 1M database: time and peak RSS. */
async function morningQueries(db: string, dir: string): Promise<Measurement[]> {
  const out: Measurement[] = [];
  const outcomes = await runCxqa(['outcomes', '--db', db, '--json'], { keepStdout: false });
  log(`outcomes --json 1,000,000: ${outcomes.seconds.toFixed(1)} s, peak ${outcomes.peakMb?.toFixed(0) ?? '?'} MB`);
  out.push({ id: 'outcomes_seconds_1000000', name: 'cxqa outcomes --json, 1,000,000 conversations: time', value: outcomes.seconds, unit: 's', target: { op: '<', value: 10 } });
  if (outcomes.peakMb !== null) out.push({ id: 'outcomes_peak_rss_1000000', name: 'cxqa outcomes --json, 1,000,000 conversations: peak RSS', value: outcomes.peakMb, unit: 'MB', target: { op: '<', value: 200 } });
  const file = join(dir, 'export.jsonl');
  const exported = await runCxqa(['export', '--db', db, '--format', 'jsonl', '--out', file], { keepStdout: false });
  const mb = statSync(file).size / 2 ** 20;
  rmSync(file, { force: true });
  log(`export jsonl 1,000,000: ${exported.seconds.toFixed(1)} s, peak ${exported.peakMb?.toFixed(0) ?? '?'} MB, ${mb.toFixed(0)} MB written`);
  const details = { seconds: exported.seconds, peak_rss_mb: exported.peakMb, output_mb: mb };
  out.push({ id: 'export_seconds_1000000', name: 'cxqa export --format jsonl, 1,000,000 conversations: time', value: exported.seconds, unit: 's', target: null, details });
  if (exported.peakMb !== null) out.push({ id: 'export_peak_rss_1000000', name: 'cxqa export --format jsonl, 1,000,000 conversations: peak RSS', value: exported.peakMb, unit: 'MB', target: { op: '<', value: 200 }, details });
  return out;
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
    for (const n of QUICK ? [100_000] : [100_000, 1_000_000]) {
      const db = n === 1_000_000 ? await benchDb1m() : await benchDb100k();
      // The first cxqa command on a database made by an older cxqa migrates it (indexes): not part of the timing.
      openDatabase(db).close();
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
      if (n === 1_000_000) out.push(...(await morningQueries(db, tmp.dir)));
    }
  } finally {
    tmp.remove();
  }
  if (QUICK) out.push({ id: 'report_seconds_1000000', name: 'cxqa report, 1,000,000 conversations', value: Number.NaN, unit: 's (skipped: CXQA_BENCH_QUICK=1)', target: { op: '<', value: 30 } });
  return out;
}
