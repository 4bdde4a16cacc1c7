import type { RunSummary } from '../report/run-summary.js';
import type { AlertThresholds } from './alerts-schema.js';
import { checkAlerts, type AlertBreach } from './check-alerts.js';

/** The breaches of a finished run (none without thresholds). */
export function runAlerts(summary: RunSummary, thresholds: AlertThresholds | undefined): AlertBreach[] {
  return thresholds ? checkAlerts(summary, thresholds) : [];
}

/**
 * Prints each breach as one JSON line: after the table on stdout in text mode; on stderr with `--json`, where
 * stdout holds exactly one object and its `alerts` array carries the same breaches. Any breach makes
 * `cxqa score` exit 1 (ExitCode.GATE_FAILED).
 */
export function printAlerts(breaches: readonly AlertBreach[], json: boolean): void {
  const out = json ? process.stderr : process.stdout;
  for (const b of breaches) out.write(`${JSON.stringify(b)}\n`);
}
