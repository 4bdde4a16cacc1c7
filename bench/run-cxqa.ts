/** Runs `node dist/src/cli/bin.js ARGS` as a child, timing it and reading its peak RSS (`/usr/bin/time -v`, else VmHWM polling). */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const HAVE_TIME = existsSync('/usr/bin/time');

export interface Timed {
  seconds: number;
  peakMb: number | null;
  stdout: string;
  /** Bytes written to stdout (counted even when `keepStdout` is false). */
  stdoutBytes: number;
}

export function runCxqa(args: string[], opts: { keepStdout?: boolean } = {}): Promise<Timed> {
  const keep = opts.keepStdout ?? true;
  const full = ['dist/src/cli/bin.js', ...args];
  const t0 = performance.now();
  const child = HAVE_TIME
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...full], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, full, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let stdoutBytes = 0;
  child.stdout!.on('data', (d: Buffer) => {
    stdoutBytes += d.length;
    if (keep) stdout += d.toString('utf8');
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
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
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const exit = HAVE_TIME ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? code) : code;
      if (exit !== 0) return reject(new Error(`cxqa ${args[0]} exited ${exit}:\n${stderr}`));
      const peakKb = m ? Number(m[1]) : hwmKb;
      resolve({ seconds, peakMb: peakKb > 0 ? peakKb / 1024 : null, stdout, stdoutBytes });
    });
  });
}
