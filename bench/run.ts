/**
 * `npm run bench`: performance of the scoring engine. Prints a table (value, target, pass/fail) and writes
 * .bench/bench.json with the machine. Measurements (one file each):
 *   engine-overhead.ts     cxqa score vs a bare openai SDK loop, instant loopback server (target ≥ 0.95)
 *   latency-bound.ts       200 ms server, concurrency 64: achieved rate ÷ 320/s (target ≥ 0.97)
 *   offline-throughput.ts  offline judge transcripts/s on one core (target ≥ 5,000), and end-to-end
 *   peak-rss.ts            peak RSS of `cxqa score` for 100k and 1M transcripts (target < 200 MB at 1M)
 *   prompt-tokens.ts       prompt tokens ÷ (transcript + rubric tokens) for one-call scoring
 *   report-generation.ts   `cxqa report` time, peak RSS, page size and time to interactive at 100k and 1M conversations;
 *                          `cxqa outcomes --json` and `cxqa export --format jsonl` time and peak RSS at 1M (databases cached in .bench/)
 * Environment: CXQA_BENCH_QUICK=1 skips the 1M RSS case and shortens the rest; CXQA_BENCH_ONLY=a,b runs
 * only the named measurements (engine, latency, offline, rss, tokens, report).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import Table from 'cli-table3';
import { log, passes, QUICK, type Measurement } from './bench-common.js';
import { engineOverhead } from './engine-overhead.js';
import { latencyBound } from './latency-bound.js';
import { offlineThroughput } from './offline-throughput.js';
import { peakRss } from './peak-rss.js';
import { promptTokens } from './prompt-tokens.js';
import { reportGeneration } from './report-generation.js';

const SUITES: Record<string, () => Promise<Measurement[]>> = {
  tokens: promptTokens,
  offline: offlineThroughput,
  engine: engineOverhead,
  latency: latencyBound,
  rss: peakRss,
  report: reportGeneration,
};

function format(value: number): string {
  if (Number.isNaN(value)) return 'skipped';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(3);
}

function formatTarget(m: Measurement): string {
  if (!m.target) return '-';
  const op = m.target.op === '>=' ? '≥' : m.target.op === '<=' ? '≤' : '<';
  return `${op} ${format(m.target.value)}`;
}

async function main(): Promise<void> {
  const only = process.env['CXQA_BENCH_ONLY']?.split(',').map((s) => s.trim()).filter(Boolean);
  const started = performance.now();
  const loadBefore = loadavg();
  const results: Measurement[] = [];
  const timings: Record<string, number> = {};
  for (const [name, suite] of Object.entries(SUITES)) {
    if (only && !only.includes(name)) continue;
    log(`${name}…`);
    const t0 = performance.now();
    results.push(...(await suite()));
    timings[name] = (performance.now() - t0) / 1000;
    log(`${name} done in ${timings[name]!.toFixed(1)} s`);
  }
  const total = (performance.now() - started) / 1000;

  const table = new Table({ head: ['measurement', 'value', 'unit', 'target', 'result'], style: { head: [], border: [] } });
  for (const m of results) {
    const ok = Number.isNaN(m.value) ? null : passes(m);
    table.push([m.name, format(m.value), m.unit, formatTarget(m), ok === null ? (m.target ? 'skipped' : 'info') : ok ? 'pass' : 'FAIL']);
  }
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
  console.log(
    `cxqa bench — ${machine.cpus} × ${machine.model}, node ${machine.node}${QUICK ? ' (quick)' : ''}, ${total.toFixed(0)} s, ` +
      `load average ${loadBefore[0]!.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(table.toString());

  mkdirSync('.bench', { recursive: true });
  const out = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine,
    seconds: { total, ...timings },
    /** 1/5/15-minute load averages: other processes on the machine slow wall-clock numbers (CPU-time ones less so). */
    loadavg: { before: loadBefore, after: loadavg() },
    results: results.map((m) => ({ ...m, value: Number.isNaN(m.value) ? null : m.value, pass: Number.isNaN(m.value) ? null : passes(m) })),
  };
  writeFileSync('.bench/bench.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('written: .bench/bench.json');
}

await main();
