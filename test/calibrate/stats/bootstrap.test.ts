import { describe, expect, it } from 'vitest';
import { bootstrapCi, quantileSorted } from '../../../src/calibrate/stats/bootstrap.js';
import { accuracy } from '../../../src/calibrate/stats/classification.js';
import { cohenKappa } from '../../../src/calibrate/stats/cohen-kappa.js';
import { mulberry32 } from '../../../src/calibrate/stats/rng.js';
import { expectStatsError } from './helpers.js';

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

function sample(seed: number, n: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => Math.round(random() * 100) / 10);
}

type Pair = [string, string];
function pairs(): Pair[] {
  const random = mulberry32(3);
  const labels = ['pass', 'fail', 'na'];
  return Array.from({ length: 60 }, () => {
    const truth = labels[Math.floor(random() * 3)]!;
    const other = random() < 0.8 ? truth : labels[Math.floor(random() * 3)]!;
    return [truth, other];
  });
}
const kappaOf = (ps: Pair[]) => cohenKappa(ps.map((p) => p[0]), ps.map((p) => p[1]));

describe('quantileSorted', () => {
  it('interpolates linearly between order statistics (Hyndman & Fan type 7)', () => {
    // h = (4 − 1)·p: p = .5 → h = 1.5 → 2.5; p = .25 → h = .75 → 1 + .75·(2 − 1) = 1.75
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('bootstrapCi', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const items = pairs();
    const first = bootstrapCi(items, kappaOf, { seed: 7, iterations: 500 });
    const again = bootstrapCi(items, kappaOf, { seed: 7, iterations: 500 });
    const other = bootstrapCi(items, kappaOf, { seed: 8, iterations: 500 });
    expect(again).toEqual(first);
    expect(other.estimate).toBe(first.estimate);
    expect([other.low, other.high]).not.toEqual([first.low, first.high]);
    expect(bootstrapCi(items, kappaOf)).toEqual(bootstrapCi(items, kappaOf, { seed: 42, iterations: 1000, level: 0.95 }));
  });

  it('reports the full-sample statistic as estimate, inside the interval', () => {
    const items = pairs();
    const ci = bootstrapCi(items, kappaOf);
    expect(ci.estimate).toBeCloseTo(kappaOf(items), 12);
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
    expect(ci.high).toBeLessThanOrEqual(1);
  });

  it('has roughly the normal-theory width for a mean, and narrows with a lower level', () => {
    // For the mean of n values, the 95% interval is about ±1.96·s/√n.
    const xs = sample(11, 400);
    const m = mean(xs);
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length);
    const ci = bootstrapCi(xs, mean, { iterations: 2000 });
    const expectedHalfWidth = (1.96 * sd) / Math.sqrt(xs.length);
    expect((ci.high - ci.low) / 2).toBeGreaterThan(0.9 * expectedHalfWidth);
    expect((ci.high - ci.low) / 2).toBeLessThan(1.1 * expectedHalfWidth);
    const narrow = bootstrapCi(xs, mean, { iterations: 2000, level: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan((ci.high - ci.low) / 2);
  });

  it('takes the (1 − level)/2 and (1 + level)/2 order statistics of the resampled values', () => {
    // With 1001 resamples, h = 1000·p is an integer for p = .025/.975 and .05/.95, so the bounds are
    // exactly the 26th and 976th (resp. 51st and 951st) smallest resampled statistics.
    const xs = sample(5, 50);
    const seen: number[] = [];
    const recording = (s: number[]) => {
      const v = mean(s);
      seen.push(v);
      return v;
    };
    const ci = bootstrapCi(xs, recording, { iterations: 1001 });
    const resampled = seen.slice(1).sort((x, y) => x - y); // seen[0] is the full-sample estimate
    expect(resampled).toHaveLength(1001);
    expect(ci.low).toBe(resampled[25]);
    expect(ci.high).toBe(resampled[975]);
    seen.length = 0;
    const ci90 = bootstrapCi(xs, recording, { iterations: 1001, level: 0.9 });
    const resampled90 = seen.slice(1).sort((x, y) => x - y);
    expect(ci90.low).toBe(resampled90[50]);
    expect(ci90.high).toBe(resampled90[950]);
  });

  it('resamples whole items, so pairs stay together', () => {
    // Every pair agrees; if the two sides were resampled independently accuracy would fall below 1.
    const items: Pair[] = Array.from({ length: 30 }, (_, i) => [String(i % 5), String(i % 5)]);
    const ci = bootstrapCi(items, (ps) => accuracy(ps.map((p) => p[0]), ps.map((p) => p[1])));
    expect(ci).toEqual({ estimate: 1, low: 1, high: 1 });
  });

  it('skips NaN resamples and reports NaN bounds when none is usable', () => {
    // NaN whenever the resample has no 1s: bounds come only from resamples that have one.
    const items = [0, 0, 0, 0, 0, 0, 0, 1];
    const stat = (xs: number[]) => (xs.includes(1) ? mean(xs) : Number.NaN);
    const ci = bootstrapCi(items, stat, { iterations: 300 });
    expect(ci.low).toBeGreaterThanOrEqual(1 / 8);
    expect(ci.high).toBeGreaterThan(ci.low);
    expect(bootstrapCi(items, () => Number.NaN)).toEqual({ estimate: Number.NaN, low: Number.NaN, high: Number.NaN });
    // With one item there is nothing to resample.
    expect(bootstrapCi([5], mean)).toEqual({ estimate: 5, low: Number.NaN, high: Number.NaN });
  });

  it('throws on no items and invalid options', () => {
    expectStatsError(() => bootstrapCi([], mean), 'STATS_EMPTY', 'bootstrapCi: items is empty');
    expectStatsError(() => bootstrapCi([1, 2], mean, { iterations: 0 }), 'STATS_INVALID_OPTION', 'bootstrapCi: iterations must be a positive integer (got 0)');
    expectStatsError(() => bootstrapCi([1, 2], mean, { seed: 1.5 }), 'STATS_INVALID_OPTION', 'bootstrapCi: seed must be an integer (got 1.5)');
    expectStatsError(() => bootstrapCi([1, 2], mean, { level: 1 }), 'STATS_INVALID_OPTION', 'bootstrapCi: level must be between 0 and 1 exclusive (got 1)');
  });
});
