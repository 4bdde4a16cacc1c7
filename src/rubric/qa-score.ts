import type { Verdict } from '../values/verdict.js';
import type { Criterion, Rubric } from './schema.js';

/**
 * A criterion's score normalised to 0–1, or `null` when it does not count toward the QA score
 * (N/A with policy `exclude`, a judging error, weight 0, or a category label without a score).
 */
export function normalisedScore(criterion: Criterion, verdict: Verdict): number | null {
  if (verdict.error) return null;
  if (verdict.na) return criterion.na.score === 'pass' ? 1 : null;
  const v = verdict.value;
  if (v === null) return null;
  switch (criterion.kind) {
    case 'scale':
      return typeof v === 'number' ? clamp01((v - criterion.min) / (criterion.max - criterion.min)) : null;
    case 'binary':
    case 'rule':
      return v === 'pass' ? 1 : v === 'fail' ? 0 : null;
    case 'category': {
      const label = criterion.labels.find((l) => l.id === v);
      return label?.score ?? null;
    }
  }
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

export interface QaScore {
  /**
   * 0–100, rounded to 0.1; `null` when no criterion applied, or when a weighted criterion was declined by the
   * judge (N/A with an `na_code`, e.g. OFFLINE_LANGUAGE). 0 when auto-failed (a failed critical criterion still
   * counts when others were declined).
   */
  score: number | null;
  auto_fail: boolean;
  /** Critical criteria that failed (normalised score below their `pass_score`). */
  failed_critical: string[];
}

/**
 * The QA score of one transcript: the weighted mean of normalised criterion scores over the criteria that
 * applied, times 100. Any failed critical criterion sets it to 0 and marks `auto_fail`. A weighted criterion the
 * judge declined (`na_code`) makes it `null`: the evaluation is still `scored`, not a failure.
 */
export function computeQaScore(rubric: Rubric, verdicts: readonly Verdict[]): QaScore {
  const byId = new Map(verdicts.map((v) => [v.criterion, v]));
  let weighted = 0;
  let weights = 0;
  const failed: string[] = [];
  let declined = false;
  for (const criterion of rubric.criteria) {
    const verdict = byId.get(criterion.id);
    if (!verdict) continue;
    // A criterion the judge could not judge (N/A with an na_code: not English, no offline signal) is not "did not
    // apply": a score over the rest would look complete and is not.
    if (verdict.na && verdict.na_code && criterion.weight > 0) declined = true;
    const s = normalisedScore(criterion, verdict);
    if (s === null) continue;
    if (criterion.critical && s < criterion.pass_score) failed.push(criterion.id);
    if (criterion.weight === 0) continue;
    weighted += s * criterion.weight;
    weights += criterion.weight;
  }
  if (failed.length > 0) return { score: 0, auto_fail: true, failed_critical: failed };
  if (weights === 0 || declined) return { score: null, auto_fail: false, failed_critical: [] };
  return { score: Math.round((weighted / weights) * 1000) / 10, auto_fail: false, failed_critical: [] };
}
