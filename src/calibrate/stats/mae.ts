import { assertPairedNumbers } from './checks.js';

/**
 * Mean absolute error (1/n) Σ |a_i − b_i|, in the units of the scale.
 * Source: Willmott & Matsuura (2005) "Advantages of the mean absolute error (MAE) over the root mean
 * square error (RMSE)", Climate Research 30, 79–82.
 * @throws StatsError `STATS_LENGTH_MISMATCH`, `STATS_EMPTY`, `STATS_NOT_NUMERIC`
 */
export function meanAbsoluteError(a: readonly number[], b: readonly number[]): number {
  assertPairedNumbers('meanAbsoluteError', a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
