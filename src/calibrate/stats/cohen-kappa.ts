import { assertSameLength } from './checks.js';
import { describeValue, isLabel, resolveLabels, type Label } from './label.js';
import { StatsError } from './stats-error.js';

/** Disagreement weighting of Cohen's kappa: unweighted (1960) or weighted (1968) on an ordinal scale. */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface CohenKappaOptions {
  /** Default `'none'`. */
  weights?: KappaWeights;
  /**
   * The full ordered category set. For weighted kappa pass the whole scale from the rubric (e.g.
   * `[1, 2, 3, 4, 5]`), not just the observed levels: weights use positions in this list, so a level
   * nobody used still widens the distance between its neighbours. Default: the sorted union of the
   * observed labels (see `compareLabels`).
   */
  labels?: readonly Label[];
}

const WEIGHTS: readonly KappaWeights[] = ['none', 'linear', 'quadratic'];

/**
 * Disagreement weight of categories at positions `i` and `j` on a `k`-point scale (0 on the diagonal):
 * none `i ≠ j ? 1 : 0`; linear `|i − j| / (k − 1)`; quadratic `((i − j) / (k − 1))²`.
 * Source: Cohen (1968) "Weighted kappa", Psychological Bulletin 70(4); Fleiss & Cohen (1973) for the
 * quadratic weights.
 */
export function kappaDisagreementWeight(weights: KappaWeights, i: number, j: number, k: number): number {
  if (i === j) return 0;
  if (weights === 'none') return 1;
  const d = Math.abs(i - j) / (k - 1);
  return weights === 'linear' ? d : d * d;
}

function checkWeights(fn: string, weights: unknown): KappaWeights {
  if (weights === undefined) return 'none';
  if (!WEIGHTS.includes(weights as KappaWeights)) {
    throw new StatsError('STATS_INVALID_OPTION', `${fn}: weights must be one of none, linear, quadratic (got ${describeValue(weights)})`);
  }
  return weights as KappaWeights;
}

/**
 * Cohen's kappa from a k × k contingency table (rows = rater a, columns = rater b, both in scale order):
 *
 *   κ_w = 1 − Σ w_ij·o_ij / Σ w_ij·e_ij,  e_ij = r_i·c_j / n
 *
 * with disagreement weights w from {@link kappaDisagreementWeight}. With `weights: 'none'` this is
 * exactly (p_o − p_e) / (1 − p_e). Source: Cohen (1960) "A coefficient of agreement for nominal
 * scales", Educational and Psychological Measurement 20(1); Cohen (1968) "Weighted kappa".
 *
 * Degenerate case: when the expected disagreement Σ w·e is 0 (both raters used one and the same
 * category for every item), kappa is 0/0 and this returns `NaN`.
 * @throws StatsError `STATS_EMPTY` (no rows or all counts 0), `STATS_RAGGED_ROWS` (not square),
 *   `STATS_INVALID_COUNT`, `STATS_INVALID_OPTION`
 */
export function cohenKappaFromTable(table: readonly (readonly number[])[], opts: { weights?: KappaWeights } = {}): number {
  const fn = 'cohenKappaFromTable';
  const weights = checkWeights(fn, opts.weights);
  const k = table.length;
  if (k === 0) throw new StatsError('STATS_EMPTY', `${fn}: table has no rows`);
  table.forEach((row, i) => {
    if (row.length !== k) {
      throw new StatsError('STATS_RAGGED_ROWS', `${fn}: table must be square, row ${i} has ${row.length} columns but there are ${k} rows`);
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new StatsError('STATS_INVALID_COUNT', `${fn}: table[${i}][${j}] is not a non-negative number (got ${describeValue(v)})`);
      }
    });
  });
  const rows = table.map((row) => row.reduce((s, v) => s + v, 0));
  const cols = table[0]!.map((_, j) => table.reduce((s, row) => s + row[j]!, 0));
  const n = rows.reduce((s, v) => s + v, 0);
  if (n === 0) throw new StatsError('STATS_EMPTY', `${fn}: table has no observations`);

  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = kappaDisagreementWeight(weights, i, j, k);
      if (w === 0) continue;
      observed += w * table[i]![j]!;
      expected += (w * rows[i]! * cols[j]!) / n;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - observed / expected;
}

/**
 * Cohen's kappa between two raters, unweighted or with linear/quadratic disagreement weights on the
 * ordered category set (see {@link CohenKappaOptions.labels}). Items where either rating is `null` or
 * `undefined` are dropped before anything is counted.
 *
 *   κ_w = 1 − Σ w_ij·o_ij / Σ w_ij·e_ij   (formula in {@link cohenKappaFromTable})
 *
 * Source: Cohen (1960), Educational and Psychological Measurement 20(1), 37–46; Cohen (1968)
 * "Weighted kappa: nominal scale agreement with provision for scaled disagreement or partial credit",
 * Psychological Bulletin 70(4), 213–220.
 *
 * Degenerate case: `NaN` when the expected disagreement is 0, i.e. both raters gave the same single
 * label to every item (chance-corrected agreement is undefined there, not 1).
 * @throws StatsError `STATS_LENGTH_MISMATCH`, `STATS_EMPTY` (no complete pair), `STATS_INVALID_LABEL`,
 *   `STATS_UNKNOWN_LABEL`, `STATS_DUPLICATE_LABEL`, `STATS_INVALID_OPTION`
 */
export function cohenKappa(
  a: readonly (Label | null | undefined)[],
  b: readonly (Label | null | undefined)[],
  opts: CohenKappaOptions = {},
): number {
  const fn = 'cohenKappa';
  assertSameLength(fn, 'a', a, 'b', b);
  const weights = checkWeights(fn, opts.weights);
  const pairs: [Label, Label][] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    if (!isLabel(x)) throw new StatsError('STATS_INVALID_LABEL', `${fn}: a[${i}] is not a string or finite number (got ${describeValue(x)})`);
    if (!isLabel(y)) throw new StatsError('STATS_INVALID_LABEL', `${fn}: b[${i}] is not a string or finite number (got ${describeValue(y)})`);
    pairs.push([x, y]);
  }
  if (pairs.length === 0) throw new StatsError('STATS_EMPTY', `${fn}: no item has both ratings present`);

  const { labels, index } = resolveLabels(fn, pairs.flat(), opts.labels);
  const table = labels.map(() => labels.map(() => 0));
  for (const [x, y] of pairs) table[index.get(x)!]![index.get(y)!]! += 1;
  return cohenKappaFromTable(table, { weights });
}
