/**
 * Peak RSS of `cxqa score` run as a child process (`node dist/src/cli/bin.js score ... --judge offline`)
 * over 100,000 and 1,000,000 generated transcripts (the 1M case is skipped with CXQA_BENCH_QUICK=1).
 * Inputs are generated into a temp dir as a stream and deleted afterwards, with the database. Peak RSS comes
 * from `/usr/bin/time -v` ("Maximum resident set size") when available, else from polling VmHWM in
 * /proc/<pid>/status.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { log, QUICK, tempDir, type Measurement } from './bench-common.js';
import { writeTranscripts } from './generate-transcripts.js';
import { runCxqa } from './run-cxqa.js';

const MESSAGES = Number(process.env['CXQA_BENCH_RSS_MESSAGES'] ?? 2);

interface ChildPeak {
  peakMb: number;
  seconds: number;
  method: string;
}

async function runScore(input: string, db: string): Promise<ChildPeak> {
  const run = await runCxqa(['score', '--input', input, '--rubric', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--json'], { keepStdout: false });
  if (run.peakMb === null) throw new Error('cxqa score: no peak RSS measured');
  return { peakMb: run.peakMb, seconds: run.seconds, method: existsSync('/usr/bin/time') ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM' };
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
