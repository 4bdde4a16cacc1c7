import { checkDrift, DRIFT_MIN_N, DRIFT_PSI_THRESHOLD } from '../metrics/drift.js';
import type { Db } from '../store/open-database.js';
import type { RunRow } from '../store/run-repository.js';
import { previousScoreRun, verdictValueCounts } from '../store/run-summary-queries.js';
import type { RunSummary } from './run-summary.js';

/** `drift` in `cxqa score --json`: each criterion's verdict distribution in this run against the previous score run of the same rubric. */
export interface RunDrift {
  /** The score run compared with (the latest earlier one of the same rubric id); null when this is the first. */
  against_run: string | null;
  /** Flag at PSI ≥ this (the alert `drift_psi_max` when set, else 0.2). */
  threshold: number;
  /** Below this many verdicts in either run a criterion is not tested. */
  min_n: number;
  criteria: Record<string, { psi: number | null; flagged: boolean; n: number; previous_n: number; note?: string }>;
  /** Criteria flagged, in rubric order. */
  flagged: string[];
}

/**
 * Drift of a finished run: the population stability index of every criterion's values (N/A counted as a value,
 * errors left out) against the previous score run of the same rubric id (see `src/metrics/drift.ts`).
 */
export function runDrift(db: Db, run: RunRow, summary: RunSummary, threshold = DRIFT_PSI_THRESHOLD): RunDrift {
  const previous = previousScoreRun(db, run.rubric_id, run.id, run.started_at);
  const out: RunDrift = { against_run: previous ?? null, threshold, min_n: DRIFT_MIN_N, criteria: {}, flagged: [] };
  if (previous === undefined) return out;
  const before: Record<string, Record<string, number>> = {};
  for (const r of verdictValueCounts(db, previous)) {
    if (r.is_error) continue;
    const key = r.na ? 'N/A' : String(r.value);
    const d = (before[r.criterion] ??= {});
    d[key] = (d[key] ?? 0) + r.n;
  }
  for (const [id, c] of Object.entries(summary.criteria)) {
    const now: Record<string, number> = { ...c.distribution };
    if (c.na > 0) now['N/A'] = c.na;
    const check = checkDrift(now, before[id] ?? {}, threshold);
    out.criteria[id] = check;
    if (check.flagged) out.flagged.push(id);
  }
  return out;
}
