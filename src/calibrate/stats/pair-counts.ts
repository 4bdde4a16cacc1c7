import { cohenKappaFromTable, type KappaWeights } from './cohen-kappa.js';

/**
 * Paired observations of two coders counted in a table: `counts[i][j]` pairs with first value `a[i]` and second
 * value `b[j]`. Every pair is a unit coded by both (no missing values). Statistics computed from the counts are
 * exact and cost O(|a|·|b|) whatever the number of pairs, which makes bootstrapping pooled data cheap: add the
 * tables of the resampled clusters, then compute.
 */
export interface PairCounts<A, B> {
  a: readonly A[];
  b: readonly B[];
  counts: number[][];
}

export function emptyPairCounts<A, B>(a: readonly A[], b: readonly B[]): PairCounts<A, B> {
  return { a, b, counts: a.map(() => b.map(() => 0)) };
}

/** Adds `from` into `into` (same value lists). */
export function addPairCounts<A, B>(into: PairCounts<A, B>, from: PairCounts<A, B>): void {
  for (let i = 0; i < from.counts.length; i++) {
    const src = from.counts[i]!;
    const dst = into.counts[i]!;
    for (let j = 0; j < src.length; j++) dst[j]! += src[j]!;
  }
}

function total(t: PairCounts<unknown, unknown>): number {
  let n = 0;
  for (const row of t.counts) for (const c of row) n += c;
  return n;
}

/**
 * Krippendorff's alpha, interval, for two coders without missing values, from the counts. With n = 2N values,
 *   α = 1 − (n − 1)·Σ_u (a_u − b_u)² / (n·Σ_v (v − v̄)²)
 * (D_o = (2/n)·Σ_u (a_u − b_u)², D_e = (2/(n − 1))·Σ_v (v − v̄)² in Krippendorff's coincidence form).
 * Source: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", eqs. for the interval metric.
 * NaN when every value is the same (no expected disagreement) or the table is empty.
 */
export function intervalAlphaFromCounts(t: PairCounts<number, number>): number {
  let N = 0;
  let sum = 0;
  let sumSq = 0;
  let dSq = 0;
  t.counts.forEach((row, i) => {
    const x = t.a[i]!;
    row.forEach((c, j) => {
      if (c === 0) return;
      const y = t.b[j]!;
      N += c;
      sum += c * (x + y);
      sumSq += c * (x * x + y * y);
      dSq += c * (x - y) * (x - y);
    });
  });
  const n = 2 * N;
  if (N < 1) return Number.NaN;
  const ss = sumSq - (sum * sum) / n;
  if (ss <= 0) return Number.NaN;
  return 1 - ((n - 1) * dSq) / (n * ss);
}

/**
 * Krippendorff's alpha, nominal, for two coders without missing values, from the counts (values compared as
 * strings). With n = 2N values, D disagreeing pairs and n_c the number of values c:
 *   α = 1 − (2D/n) / ((n² − Σ n_c²) / (n(n − 1)))
 * Source: Krippendorff (2011), nominal metric. NaN when only one value occurs.
 */
export function nominalAlphaFromCounts(t: PairCounts<string, string>): number {
  const nc = new Map<string, number>();
  let N = 0;
  let D = 0;
  t.counts.forEach((row, i) => {
    const x = t.a[i]!;
    row.forEach((c, j) => {
      if (c === 0) return;
      const y = t.b[j]!;
      N += c;
      if (x !== y) D += c;
      nc.set(x, (nc.get(x) ?? 0) + c);
      nc.set(y, (nc.get(y) ?? 0) + c);
    });
  });
  const n = 2 * N;
  if (N < 1) return Number.NaN;
  let sq = 0;
  for (const c of nc.values()) sq += c * c;
  const de = (n * n - sq) / (n * (n - 1));
  if (de <= 0) return Number.NaN;
  return 1 - (2 * D) / n / de;
}

/**
 * Spearman's rank correlation from the counts: Pearson's r on mid-ranks (ties share the average rank), the
 * ranks of each distinct value taken from the marginal counts. `a` and `b` must be sorted ascending.
 * Source: Spearman (1904); ties per Kendall (1948). NaN when either side is constant.
 */
export function spearmanFromCounts(t: PairCounts<number, number>): number {
  const rowN = t.counts.map((row) => row.reduce((s, c) => s + c, 0));
  const colN = t.b.map((_, j) => t.counts.reduce((s, row) => s + row[j]!, 0));
  const N = rowN.reduce((s, c) => s + c, 0);
  if (N < 2) return Number.NaN;
  const midRanks = (ns: number[]) => {
    let below = 0;
    return ns.map((c) => {
      const r = below + (c + 1) / 2;
      below += c;
      return r;
    });
  };
  const ra = midRanks(rowN);
  const rb = midRanks(colN);
  const mean = (N + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  rowN.forEach((c, i) => (saa += c * (ra[i]! - mean) ** 2));
  colN.forEach((c, j) => (sbb += c * (rb[j]! - mean) ** 2));
  t.counts.forEach((row, i) => row.forEach((c, j) => (sab += c * (ra[i]! - mean) * (rb[j]! - mean))));
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Cohen's kappa (optionally weighted) from counts whose two value lists are the same ordered category set.
 * Source: Cohen (1960, 1968); see {@link cohenKappaFromTable}. NaN when undefined (no expected disagreement).
 */
export function kappaFromCounts<L>(t: PairCounts<L, L>, weights: KappaWeights = 'none'): number {
  if (total(t) === 0) return Number.NaN;
  return cohenKappaFromTable(t.counts, { weights });
}
