import { createProgressReporter, type ProgressReporter } from '../report/progress/progress-reporter.js';
import { countLines } from '../report/progress/count-lines.js';

export interface ScoreProgressOptions {
  input: string;
  quiet?: boolean;
  /** Seconds between JSON lines off a terminal. */
  intervalSeconds?: number;
  /** A paid judge is in the run: show the spend. */
  withCost: boolean;
}

/**
 * The progress display of `cxqa score` on stderr: a bar on a terminal, whose total comes from counting the
 * input file's lines in a second streaming pass (terminals only: it costs a read of the file); JSON lines
 * otherwise; nothing with `--quiet`.
 */
export function startScoreProgress(opts: ScoreProgressOptions): ProgressReporter {
  const tty = process.stderr.isTTY === true;
  const reporter = createProgressReporter({
    stream: process.stderr,
    tty,
    quiet: opts.quiet === true,
    withCost: opts.withCost,
    ...(opts.intervalSeconds !== undefined ? { intervalMs: opts.intervalSeconds * 1000 } : {}),
  });
  if (tty && !opts.quiet && opts.input !== '-') {
    countLines(opts.input).then(
      (n) => reporter.setTotal(n),
      () => {}, // no total: the bar shows counts only
    );
  }
  return reporter;
}
