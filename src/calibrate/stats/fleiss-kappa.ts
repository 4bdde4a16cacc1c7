import { describeValue } from './label.js';
import { StatsError } from './stats-error.js';

/**
 * Fleiss' kappa for a fixed number m ≥ 2 of ratings per subject, from a subjects × categories count
 * matrix (`counts[i][j]` = how many raters put subject i in category j):
 *
 *   P_i = (Σ_j n_ij² − m) / (m(m − 1)),  P̄ = mean_i P_i
 *   p_j = Σ_i n_ij / (N·m),              P̄_e = Σ_j p_j²
 *   κ = (P̄ − P̄_e) / (1 − P̄_e)
 *
 * Source: Fleiss (1971) "Measuring nominal scale agreement among many raters", Psychological Bulletin
 * 76(5), 378–382, equations (2)–(9). With m = 2 this equals Scott's π.
 *
 * Degenerate case: `NaN` when P̄_e = 1 (every rating in one category), where kappa is 0/0.
 * @throws StatsError `STATS_EMPTY` (no subjects or no categories), `STATS_RAGGED_ROWS` (rows of
 *   different lengths), `STATS_INVALID_COUNT` (a cell not a non-negative integer),
 *   `STATS_RATER_COUNT_MISMATCH` (row sums differ), `STATS_TOO_FEW_RATERS` (rows sum to < 2)
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  const fn = 'fleissKappa';
  if (counts.length === 0) throw new StatsError('STATS_EMPTY', `${fn}: counts has no subjects`);
  const k = counts[0]!.length;
  if (k === 0) throw new StatsError('STATS_EMPTY', `${fn}: counts has no categories`);

  let m = -1;
  counts.forEach((row, i) => {
    if (row.length !== k) {
      throw new StatsError('STATS_RAGGED_ROWS', `${fn}: row ${i} has ${row.length} categories but row 0 has ${k}`);
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new StatsError('STATS_INVALID_COUNT', `${fn}: counts[${i}][${j}] is not a non-negative integer (got ${describeValue(v)})`);
      }
    });
    const sum = row.reduce((s, v) => s + v, 0);
    if (i === 0) m = sum;
    else if (sum !== m) {
      throw new StatsError('STATS_RATER_COUNT_MISMATCH', `${fn}: row ${i} sums to ${sum} ratings but row 0 sums to ${m}`);
    }
  });
  if (m < 2) throw new StatsError('STATS_TOO_FEW_RATERS', `${fn}: each subject needs at least 2 ratings (rows sum to ${m})`);

  const subjects = counts.length;
  let pBar = 0;
  const categoryTotals = new Array<number>(k).fill(0);
  for (const row of counts) {
    let squares = 0;
    row.forEach((v, j) => {
      squares += v * v;
      categoryTotals[j]! += v;
    });
    pBar += (squares - m) / (m * (m - 1));
  }
  pBar /= subjects;
  const pE = categoryTotals.reduce((s, t) => s + (t / (subjects * m)) ** 2, 0);
  if (pE === 1) return Number.NaN;
  return (pBar - pE) / (1 - pE);
}
