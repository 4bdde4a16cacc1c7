import { assertFiniteNumbers, assertNonEmpty, assertPairedNumbers } from './checks.js';

/**
 * 1-based ranks of `values`, tied values sharing the average of the ranks they span ("fractional" or
 * "mid" ranks): e.g. [10, 20, 20, 30] → [1, 2.5, 2.5, 4].
 * Source: Kendall (1948) "Rank Correlation Methods", ch. 3 (mid-rank method for ties).
 * @throws StatsError `STATS_EMPTY`, `STATS_NOT_NUMERIC`
 */
export function averageRanks(values: readonly number[]): number[] {
  assertNonEmpty('averageRanks', 'values', values);
  assertFiniteNumbers('averageRanks', 'values', values);
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let p = start; p <= end; p++) ranks[order[p]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

function pearsonUnchecked(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Pearson's product-moment correlation r = Σ(a−ā)(b−b̄) / √(Σ(a−ā)² Σ(b−b̄)²).
 * Source: Pearson (1895) "Notes on regression and inheritance", Proc. Royal Society 58.
 *
 * Degenerate case: `NaN` when either input has zero variance (including a single pair).
 * @throws StatsError `STATS_LENGTH_MISMATCH`, `STATS_EMPTY`, `STATS_NOT_NUMERIC`
 */
export function pearson(a: readonly number[], b: readonly number[]): number {
  assertPairedNumbers('pearson', a, b);
  return pearsonUnchecked(a, b);
}

/**
 * Spearman's rank correlation: Pearson's r on {@link averageRanks} (ties get average ranks, so this is
 * exact with ties, unlike the shortcut 1 − 6Σd²/(n(n²−1)) which assumes none).
 * Source: Spearman (1904) "The proof and measurement of association between two things", American
 * Journal of Psychology 15; tie handling per Kendall (1948).
 *
 * Degenerate case: `NaN` when either input is constant.
 * @throws StatsError `STATS_LENGTH_MISMATCH`, `STATS_EMPTY`, `STATS_NOT_NUMERIC`
 */
export function spearman(a: readonly number[], b: readonly number[]): number {
  assertPairedNumbers('spearman', a, b);
  return pearsonUnchecked(averageRanks(a), averageRanks(b));
}
