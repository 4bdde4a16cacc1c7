import cliProgress from 'cli-progress';
import type { RunProgress } from '../../run/score-run.js';
import { progressSnapshot, type ProgressSnapshot } from './progress-snapshot.js';

/** Shows a run's progress; `stop` before anything else is printed. */
export interface ProgressReporter {
  update(progress: RunProgress): void;
  /** The input's line count, once known. */
  setTotal(total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Where to draw (stderr). */
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  /** A terminal gets a bar; anything else a JSON line every `intervalMs`. */
  tty: boolean;
  /** Nothing at all. */
  quiet?: boolean;
  /** JSON line interval off a terminal (default 10 s). */
  intervalMs?: number;
  /** Show the spend (paid judges). */
  withCost?: boolean;
  now?: () => number;
}

/**
 * A progress display for `cxqa score`: on a terminal a bar (cli-progress) with done/total, rate, ETA, spend
 * and failures; elsewhere one `{"progress":{...}}` JSON line every `intervalMs`; with `quiet`, nothing.
 */
export function createProgressReporter(opts: ProgressOptions): ProgressReporter {
  if (opts.quiet) return { update() {}, setTotal() {}, stop() {} };
  return opts.tty ? barReporter(opts) : jsonReporter(opts);
}

const EMPTY: RunProgress = { read: 0, scored: 0, reused: 0, failed: 0, invalid: 0, skipped: 0, unselected: 0, costUsd: 0 };

function jsonReporter(opts: ProgressOptions): ProgressReporter {
  const now = opts.now ?? Date.now;
  const start = now();
  let last = EMPTY;
  let total: number | undefined;
  const timer = setInterval(() => {
    const progress = progressSnapshot(last, now() - start, total, opts.withCost === true);
    opts.stream.write(`${JSON.stringify({ progress })}\n`);
  }, Math.max(10, opts.intervalMs ?? 10_000));
  timer.unref();
  return {
    update(p) {
      last = p;
    },
    setTotal(n) {
      total = n;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

function barReporter(opts: ProgressOptions): ProgressReporter {
  const now = opts.now ?? Date.now;
  const start = now();
  let last = EMPTY;
  let total: number | undefined;
  const bar = new cliProgress.SingleBar({
    stream: opts.stream,
    fps: 5,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 24,
    format: (options, params) => formatLine(progressSnapshot(last, now() - start, total, opts.withCost === true), params.progress, options.barsize ?? 24),
  });
  bar.start(1, 0);
  const done = (p: RunProgress) => progressSnapshot(p, 0, undefined, false).done;
  return {
    update(p) {
      last = p;
      if (total !== undefined) bar.update(Math.min(done(p), bar.getTotal()));
    },
    setTotal(n) {
      total = n;
      bar.setTotal(Math.max(n, done(last), 1));
    },
    stop() {
      bar.stop(); // draws the last state, then leaves the line
    },
  };
}

/** `[█████░░░] 41% 410/1000 · 83.2/s · ETA 7s · $0.0123 · 2 failed` */
export function formatLine(s: ProgressSnapshot, fraction: number, barSize: number): string {
  const parts: string[] = [];
  if (s.total !== undefined) {
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * barSize);
    parts.push(`[${'█'.repeat(filled)}${'░'.repeat(barSize - filled)}] ${Math.floor((s.done / Math.max(1, s.total)) * 100)}% ${s.done}/${s.total}`);
  } else parts.push(`${s.done} done`);
  parts.push(`${s.rate}/s`);
  if (s.eta_s !== undefined) parts.push(`ETA ${formatSeconds(s.eta_s)}`);
  parts.push(`elapsed ${formatSeconds(Math.round(s.elapsed_s))}`);
  if (s.cost_usd !== undefined) parts.push(`$${s.cost_usd.toFixed(4)}`);
  parts.push(`${s.failed} failed`);
  return parts.join(' · ');
}

function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
