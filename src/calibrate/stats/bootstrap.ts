import { describeValue } from './label.js';
import { mulberry32 } from './rng.js';
import { StatsError } from './stats-error.js';

export interface BootstrapOptions {
  /** Number of resamples; a positive integer. Default 1000. */
  iterations?: number;
  /** Seed of the {@link mulberry32} generator; an integer. Default 42. */
  seed?: number;
  /** Confidence level, strictly between 0 and 1. Default 0.95. */
  level?: number;
}

/** A point estimate with its bootstrap confidence interval. */
export interface ConfidenceInterval {
  /** The statistic on the full sample. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * The p-quantile of ascending `sorted` values by linear interpolation between order statistics
 * (Hyndman & Fan 1996 definition 7, the default of R and NumPy): h = (N − 1)p,
 * Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 * Source: Hyndman & Fan (1996) "Sample quantiles in statistical packages", The American Statistician
 * 50(4), 361–365.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile bootstrap confidence interval of `statistic`: draws `iterations` resamples of `items`
 * (same size, with replacement; pass paired data as one item per pair so pairs stay together),
 * computes the statistic on each, and takes the (1 − level)/2 and (1 + level)/2 quantiles
 * ({@link quantileSorted}) of the results. Deterministic for a given seed.
 * Source: Efron & Tibshirani (1993) "An Introduction to the Bootstrap", ch. 13 (percentile interval).
 *
 * Degenerate cases: resamples on which the statistic is `NaN` (e.g. kappa on a resample where
 * everyone used one label) are skipped and the interval is taken over the rest; with fewer than 2
 * items, or when every resample is `NaN`, `low` and `high` are `NaN`. `estimate` is always
 * `statistic(items)`. Errors thrown by `statistic` propagate.
 * @throws StatsError `STATS_EMPTY` (no items), `STATS_INVALID_OPTION`
 */
export function bootstrapCi<T>(
  items: readonly T[],
  statistic: (sample: T[]) => number,
  opts: BootstrapOptions = {},
): ConfidenceInterval {
  const fn = 'bootstrapCi';
  const iterations = opts.iterations ?? 1000;
  const seed = opts.seed ?? 42;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new StatsError('STATS_INVALID_OPTION', `${fn}: iterations must be a positive integer (got ${describeValue(iterations)})`);
  }
  if (!Number.isInteger(seed)) {
    throw new StatsError('STATS_INVALID_OPTION', `${fn}: seed must be an integer (got ${describeValue(seed)})`);
  }
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new StatsError('STATS_INVALID_OPTION', `${fn}: level must be between 0 and 1 exclusive (got ${describeValue(level)})`);
  }
  if (items.length === 0) throw new StatsError('STATS_EMPTY', `${fn}: items is empty`);

  const estimate = statistic([...items]);
  if (items.length < 2) return { estimate, low: Number.NaN, high: Number.NaN };

  const random = mulberry32(seed);
  const n = items.length;
  const results: number[] = [];
  const sample = new Array<T>(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) sample[i] = items[Math.floor(random() * n)]!;
    const value = statistic(sample.slice());
    if (!Number.isNaN(value)) results.push(value);
  }
  results.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return { estimate, low: quantileSorted(results, tail), high: quantileSorted(results, 1 - tail) };
}
