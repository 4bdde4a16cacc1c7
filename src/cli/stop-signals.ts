import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';

export interface StopSignals {
  /** Aborted on the first SIGINT or SIGTERM: stop starting new work, finish what is in flight. */
  readonly signal: AbortSignal;
  /** Removes the handlers (call when the command ends). */
  dispose(): void;
}

/**
 * SIGINT / SIGTERM for long-running commands. The first signal prints `message(signal)` and aborts `signal`;
 * a second one runs `beforeExit` (store what is buffered, free the lock) and exits 130 at once.
 */
export function handleStopSignals(opts: { message: (sig: NodeJS.Signals) => string; beforeExit: () => void }): StopSignals {
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      try {
        opts.beforeExit();
      } finally {
        process.exit(ExitCode.INTERRUPTED);
      }
    }
    warn(opts.message(sig));
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
