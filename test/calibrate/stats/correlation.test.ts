import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from '../../../src/calibrate/stats/correlation.js';
import { expectStatsError } from './helpers.js';

describe('pearson', () => {
  it('matches a hand-worked example', () => {
    // x = 1..5, y = 2,4,5,4,5: x̄ = 3, ȳ = 4; Σdxdy = 4+0+0+0+2 = 6; Σdx² = 10; Σdy² = 6;
    // r = 6/√60 = 0.774597 (definition: Pearson 1895).
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(6 / Math.sqrt(60), 12);
  });

  it('is ±1 for exact linear relations and NaN with zero variance', () => {
    expect(pearson([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
  });

  it('throws on bad input', () => {
    expectStatsError(() => pearson([1, 2], [1]), 'STATS_LENGTH_MISMATCH', 'pearson: a has 2 values but b has 1');
    expectStatsError(() => pearson([], []), 'STATS_EMPTY', 'pearson: a is empty');
    expectStatsError(() => pearson([1, 2], [1, Number.NaN]), 'STATS_NOT_NUMERIC', 'pearson: b[1] is not a finite number (got NaN)');
    expectStatsError(() => pearson(['1' as never], [1]), 'STATS_NOT_NUMERIC', 'pearson: a[0] is not a finite number (got "1")');
  });
});

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3, 2])).toEqual([4, 1, 4, 4, 2]);
    expect(averageRanks([-1])).toEqual([1]);
  });

  it('throws on empty input', () => {
    expectStatsError(() => averageRanks([]), 'STATS_EMPTY', 'averageRanks: values is empty');
  });
});

describe('spearman', () => {
  it('uses average ranks for ties (hand-worked, differs from the no-ties shortcut)', () => {
    // x = 1,2,2,3,4 → ranks 1, 2.5, 2.5, 4, 5;  y = 2,1,3,3,5 → ranks 2, 1, 3.5, 3.5, 5. Both mean 3.
    // deviations x: −2, −.5, −.5, 1, 2;  y: −1, −2, .5, .5, 2
    // Σdxdy = 2 + 1 − .25 + .5 + 4 = 7.25;  Σdx² = Σdy² = 9.5;  ρ = 7.25/9.5 = 29/38 = 0.763158
    // (Spearman 1904, ties by mid-ranks per Kendall 1948). The shortcut 1 − 6Σd²/(n(n²−1)) would give
    // 1 − 6·4.5/120 = 0.775, which this must not return.
    const rho = spearman([1, 2, 2, 3, 4], [2, 1, 3, 3, 5]);
    expect(rho).toBeCloseTo(29 / 38, 12);
    expect(rho).not.toBeCloseTo(0.775, 3);
  });

  it('equals the shortcut formula without ties', () => {
    // d = −1, 1, −1, 1, 0 → Σd² = 4 → ρ = 1 − 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('is 1 for any monotone relation, where Pearson is not', () => {
    const x = [1, 2, 3, 4, 5];
    const y = x.map((v) => v ** 3);
    expect(spearman(x, y)).toBeCloseTo(1, 12);
    expect(pearson(x, y)).toBeLessThan(0.99);
  });

  it('is NaN for a constant input and throws on bad input', () => {
    expect(spearman([1, 2, 3], [2, 2, 2])).toBeNaN();
    expectStatsError(() => spearman([1], [1, 2]), 'STATS_LENGTH_MISMATCH', 'spearman: a has 1 values but b has 2');
    expectStatsError(() => spearman([], []), 'STATS_EMPTY', 'spearman: a is empty');
  });
});
