import type { RunSummary } from '../report/run-summary.js';
import type { AlertThresholds } from './alerts-schema.js';

export type AlertName = 'violation_rate' | 'qa_score_mean' | 'auto_fail_rate' | 'judge_error_rate' | 'injection_rate' | 'drift';

/** One breached threshold, printed as one JSON line: `{"alert":"violation_rate","value":0.031,"threshold":0.02,"run_id":"..."}`. */
export interface AlertBreach {
  alert: AlertName;
  value: number;
  threshold: number;
  run_id: string;
  /** The criterion, for `drift` (one breach per drifting criterion). */
  criterion?: string;
}

/** The run's value of each alert metric; null when it cannot be computed (nothing scored). */
export function alertMetrics(summary: RunSummary): Record<Exclude<AlertName, 'drift'>, number | null> {
  const scored = summary.transcripts.scored;
  const read = summary.transcripts.read;
  let verdicts = 0;
  let errors = 0;
  for (const c of Object.values(summary.criteria)) {
    verdicts += c.n + c.na + c.errors;
    errors += c.errors;
  }
  const share = (part: number, whole: number) => (whole > 0 ? round4(part / whole) : null);
  return {
    violation_rate: share(summary.rule_violations, scored),
    qa_score_mean: summary.qa_score.mean,
    auto_fail_rate: share(summary.qa_score.auto_fail, scored),
    judge_error_rate: share(errors, verdicts),
    injection_rate: share(summary.injection_suspects, read),
  };
}

/**
 * The thresholds a run breached, in a fixed order. A `_max` threshold is breached when the value is above
 * it, `qa_score_mean_min` when the mean is below it; a metric that cannot be computed never breaches.
 */
export function checkAlerts(summary: RunSummary, thresholds: AlertThresholds): AlertBreach[] {
  const m = alertMetrics(summary);
  const out: AlertBreach[] = [];
  const above = (alert: Exclude<AlertName, 'drift'>, threshold: number | undefined) => {
    const value = m[alert];
    if (threshold !== undefined && value !== null && value > threshold) out.push({ alert, value, threshold, run_id: summary.run_id });
  };
  above('violation_rate', thresholds.violation_rate_max);
  const mean = m.qa_score_mean;
  if (thresholds.qa_score_mean_min !== undefined && mean !== null && mean < thresholds.qa_score_mean_min) {
    out.push({ alert: 'qa_score_mean', value: mean, threshold: thresholds.qa_score_mean_min, run_id: summary.run_id });
  }
  above('auto_fail_rate', thresholds.auto_fail_rate_max);
  above('judge_error_rate', thresholds.judge_error_rate_max);
  above('injection_rate', thresholds.injection_rate_max);
  // Drift: PSI against the previous score run, per criterion (not tested below the minimum sample size).
  if (thresholds.drift_psi_max !== undefined && summary.drift) {
    for (const [criterion, d] of Object.entries(summary.drift.criteria)) {
      if (d.psi !== null && d.psi >= thresholds.drift_psi_max) out.push({ alert: 'drift', value: d.psi, threshold: thresholds.drift_psi_max, run_id: summary.run_id, criterion });
    }
  }
  return out;
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
