/**
 * Peak RSS of `cxqa score` run as a child process (`node dist/src/cli/bin.js score ... --judge offline`)
 * over 100,000 and 1,000,000 generated transcripts (the 1M case is skipped with CXQA_BENCH_QUICK=1).
 * Inputs are generated into a temp dir as a stream and deleted afterwards, with the database. Peak RSS comes
 * from `/usr/bin/time -v` ("Maximum resident set size") when available, else from polling VmHWM in
 * /proc/<pid>/status.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { log, QUICK, tempDir, type Measurement } from './bench-common.js';
import { writeTranscripts } from './generate-transcripts.js';

const MESSAGES = Number(process.env['CXQA_BENCH_RSS_MESSAGES'] ?? 2);
const HAVE_TIME = existsSync('/usr/bin/time');

interface ChildPeak {
  peakMb: number;
  seconds: number;
  code: number | null;
  method: string;
}

function runScore(input: string, db: string): Promise<ChildPeak> {
  const args = ['dist/src/cli/bin.js', 'score', '--input', input, '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--json'];
  const t0 = performance.now();
  const child = HAVE_TIME
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-20_000);
  });
  let hwmKb = 0;
  const poll = HAVE_TIME
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        } catch {
          /* exited */
        }
      }, 50);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = (performance.now() - t0) / 1000;
      if (HAVE_TIME) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (!m) return reject(new Error(`no RSS in /usr/bin/time output:\n${stderr}`));
        hwmKb = Number(m[1]);
        const exit = /Exit status: (\d+)/.exec(stderr);
        code = exit ? Number(exit[1]) : code;
      }
      if (code !== 0) return reject(new Error(`cxqa score exited ${code}:\n${stderr}`));
      resolve({ peakMb: hwmKb / 1024, seconds, code, method: HAVE_TIME ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM' });
    });
  });
}

export async function peakRss(): Promise<Measurement[]> {
  const sizes = QUICK ? [100_000] : [100_000, 1_000_000];
  const out: Measurement[] = [];
  for (const n of sizes) {
    const tmp = tempDir(`rss-${n}`);
    try {
      const input = join(tmp.dir, 'transcripts.jsonl');
      const g0 = performance.now();
      await writeTranscripts(input, n, MESSAGES);
      const inputMb = statSync(input).size / 2 ** 20;
      log(`peak RSS: generated ${n} transcripts (${inputMb.toFixed(0)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
      const db = join(tmp.dir, 'rss.db');
      const peak = await runScore(input, db);
      const dbMb = statSync(db).size / 2 ** 20;
      log(`peak RSS ${n}: ${peak.peakMb.toFixed(1)} MB in ${peak.seconds.toFixed(1)} s (${(n / peak.seconds).toFixed(0)} transcripts/s, db ${dbMb.toFixed(0)} MB)`);
      out.push({
        id: `peak_rss_${n}`,
        name: `peak RSS, cxqa score --judge offline, ${n.toLocaleString('en-US')} transcripts`,
        value: peak.peakMb,
        unit: 'MB',
        target: n >= 1_000_000 ? { op: '<', value: 200 } : null,
        details: { transcripts: n, messages_per_transcript: MESSAGES, seconds: peak.seconds, rate: n / peak.seconds, input_mb: inputMb, db_mb: dbMb, method: peak.method },
      });
    } finally {
      tmp.remove();
    }
  }
  if (QUICK) out.push({ id: 'peak_rss_1000000', name: 'peak RSS, 1,000,000 transcripts', value: Number.NaN, unit: 'MB (skipped: CXQA_BENCH_QUICK=1)', target: { op: '<', value: 200 } });
  return out;
}
