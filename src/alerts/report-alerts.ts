import type { RunSummary } from '../report/run-summary.js';
import type { AlertThresholds } from './alerts-schema.js';
import { checkAlerts } from './check-alerts.js';

/**
 * Checks a finished run against the configured thresholds and prints each breach as one JSON line on
 * stdout. Returns whether any threshold was breached (then `cxqa score` exits 1, ExitCode.GATE_FAILED).
 */
export function reportAlerts(summary: RunSummary, thresholds: AlertThresholds | undefined): boolean {
  if (!thresholds) return false;
  const breaches = checkAlerts(summary, thresholds);
  for (const b of breaches) process.stdout.write(`${JSON.stringify(b)}\n`);
  return breaches.length > 0;
}
