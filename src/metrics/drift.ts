/**
 * Drift of a criterion's verdicts between two periods: the population stability index (PSI) of the value
 * distributions, PSI = Σ (p − q) · ln(p / q) over the values (p: current share, q: previous share), each
 * share smoothed by adding 0.5 to every count so a value seen in one period only stays finite. Rule of thumb
 * (and the default threshold): < 0.1 stable, 0.1–0.2 moderate, ≥ 0.2 a significant shift.
 */
export const DRIFT_PSI_THRESHOLD = 0.2;

/** Below this many verdicts in either period, PSI is not computed (too noisy to flag anything). */
export const DRIFT_MIN_N = 30;

export function populationStabilityIndex(current: Readonly<Record<string, number>>, previous: Readonly<Record<string, number>>): number | null {
  const keys = [...new Set([...Object.keys(current), ...Object.keys(previous)])];
  if (keys.length === 0) return null;
  const total = (d: Readonly<Record<string, number>>) => keys.reduce((s, k) => s + (d[k] ?? 0) + 0.5, 0);
  const tp = total(current);
  const tq = total(previous);
  let psi = 0;
  for (const k of keys) {
    const p = ((current[k] ?? 0) + 0.5) / tp;
    const q = ((previous[k] ?? 0) + 0.5) / tq;
    psi += (p - q) * Math.log(p / q);
  }
  return Math.round(psi * 10_000) / 10_000;
}

export interface DriftCheck {
  psi: number | null;
  flagged: boolean;
  n: number;
  previous_n: number;
  note?: string;
}

/** PSI with the minimum-size rule applied: `flagged` only when both periods have `minN` verdicts and PSI ≥ threshold. */
export function checkDrift(
  current: Readonly<Record<string, number>>,
  previous: Readonly<Record<string, number>>,
  threshold = DRIFT_PSI_THRESHOLD,
  minN = DRIFT_MIN_N,
): DriftCheck {
  const n = Object.values(current).reduce((s, x) => s + x, 0);
  const previousN = Object.values(previous).reduce((s, x) => s + x, 0);
  if (n < minN || previousN < minN) {
    return { psi: null, flagged: false, n, previous_n: previousN, note: `fewer than ${minN} verdicts in ${n < minN ? 'this' : 'the previous'} period` };
  }
  const psi = populationStabilityIndex(current, previous);
  return { psi, flagged: psi !== null && psi >= threshold, n, previous_n: previousN };
}
