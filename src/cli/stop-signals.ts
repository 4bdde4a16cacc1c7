import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';

export interface StopSignals {
  /** Aborted on the first SIGINT or SIGTERM: stop starting new work, finish what is in flight. */
  readonly signal: AbortSignal;
  /** Aborted `graceMs` after the first signal: abort the requests still in flight. */
  readonly abortInFlight: AbortSignal;
  /** Removes the handlers and timers (call when the command ends). */
  dispose(): void;
}

export interface StopSignalOptions {
  message: (sig: NodeJS.Signals) => string;
  /** Store what is buffered and free the lock before a forced exit. */
  beforeExit: () => void;
  /** How long work in flight may go on after the first signal before it is aborted. Default: never aborted. */
  graceMs?: number;
  /** After the abort, how long the command may take to wind down before it is ended (exit 130). Default 10 s. */
  windDownMs?: number;
  /** Said when the grace period ends. */
  abortMessage?: string;
}

/**
 * SIGINT / SIGTERM for long-running commands. The first signal prints `message(signal)` and aborts `signal`;
 * with `graceMs`, `abortInFlight` is aborted that long after, and if the command has still not ended
 * `windDownMs` later, `beforeExit` runs and the process exits 130 — so a stop always ends in bounded time,
 * whatever a provider does. A second signal runs `beforeExit` and exits 130 at once.
 */
export function handleStopSignals(opts: StopSignalOptions): StopSignals {
  const abort = new AbortController();
  const inFlight = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  const exitNow = () => {
    try {
      opts.beforeExit();
    } finally {
      process.exit(ExitCode.INTERRUPTED);
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) exitNow();
    warn(opts.message(sig));
    abort.abort();
    if (opts.graceMs === undefined) return;
    const grace = setTimeout(() => {
      if (opts.abortMessage) warn(opts.abortMessage);
      inFlight.abort();
      const windDown = setTimeout(() => {
        warn('still not finished after the grace period: quitting now (exit 130)');
        exitNow();
      }, opts.windDownMs ?? 10_000);
      windDown.unref();
      timers.push(windDown);
    }, opts.graceMs);
    grace.unref();
    timers.push(grace);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    abortInFlight: inFlight.signal,
    dispose() {
      for (const t of timers) clearTimeout(t);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
