/** Process exit codes. Scripts and cron jobs rely on these; never renumber them. */
export const ExitCode = {
  /** Everything asked for was done. */
  OK: 0,
  /** A gate or alert failed (calibration below threshold, alert breached). */
  GATE_FAILED: 1,
  /** Usage or configuration error: nothing was done. */
  USAGE: 2,
  /** Finished, but some transcripts could not be scored (each is recorded with its reason). */
  PARTIAL: 3,
  /**
   * Another live process holds the database's writer lock (an overlapping cron run of `score`, `batch collect`, `calibrate` or `merge`).
   * Nothing was done; the message names the holder's pid, host and start time. Try again later.
   */
  LOCKED: 4,
  /** An unexpected internal error (a bug in cxqa, or a broken installation): one line, the stack with `--debug`. */
  INTERNAL: 70,
  /** Interrupted by a signal; re-run the same command to resume. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
