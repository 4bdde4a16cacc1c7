import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaFromTable, kappaDisagreementWeight } from '../../../src/calibrate/stats/cohen-kappa.js';
import { accuracy } from '../../../src/calibrate/stats/classification.js';
import { mulberry32 } from '../../../src/calibrate/stats/rng.js';
import { expandTable, expectStatsError } from './helpers.js';

/**
 * Artstein & Poesio (2008) "Inter-Coder Agreement for Computational Linguistics", Computational
 * Linguistics 34(4), §2: two coders, 100 utterances, categories Stat / IReq / Chck. Rows = coder A,
 * columns = coder B, transcribed from the item-level file NLTK ships for this example
 * (nltk/metrics/artstein_poesio_example.txt).
 */
const AP_LABELS = ['stat', 'ireq', 'chck'];
const AP_TABLE = [
  [46, 0, 0],
  [6, 32, 6],
  [0, 0, 10],
];

/**
 * R package irr (Gamer, Lemon, Fellows & Singh), data set `anxiety` (20 subjects × 3 raters), raters 2
 * and 3, as reproduced in statsmodels' test_inter_rater.py with irr's kappa2() outputs. Observed levels
 * are 1, 2, 3, 4, 6 (no 5), and irr weights by position among observed levels, which is our default.
 */
const ANXIETY_RATER2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
const ANXIETY_RATER3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];

/** Lin's concordance correlation with population (1/n) moments, computed directly from the ratings. */
function concordance(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let vx = 0;
  let vy = 0;
  let cov = 0;
  for (let i = 0; i < n; i++) {
    vx += (x[i]! - mx) ** 2 / n;
    vy += (y[i]! - my) ** 2 / n;
    cov += ((x[i]! - mx) * (y[i]! - my)) / n;
  }
  return (2 * cov) / (vx + vy + (mx - my) ** 2);
}

describe('cohenKappa', () => {
  it('reproduces Artstein & Poesio (2008) §2: Ao = 0.88 and kappa = 0.801', () => {
    // Artstein & Poesio (2008) §2, Stat/IReq/Chck example. Hand computation:
    //   Ao = (46 + 32 + 10) / 100 = 0.88
    //   coder A marginals 46/44/10, coder B marginals 52/32/16
    //   Ae(κ) = .46·.52 + .44·.32 + .10·.16 = .2392 + .1408 + .016 = 0.396
    //   κ = (.88 − .396) / (1 − .396) = .484 / .604 = 121/151 = 0.80132...
    // NLTK's AnnotationTask.kappa() on the same data gives 0.8013245033112583.
    const { a, b } = expandTable(AP_TABLE, AP_LABELS);
    expect(a).toHaveLength(100);
    expect(accuracy(a, b)).toBeCloseTo(0.88, 12);
    expect(cohenKappa(a, b)).toBeCloseTo(121 / 151, 12);
    expect(cohenKappa(a, b)).toBeCloseTo(0.801, 3);
  });

  it('matches a hand-worked 3-point example, unweighted, linear and quadratic', () => {
    // rows = a, cols = b, scale 1..3, n = 10; row margins (4,3,3), column margins (4,3,3).
    //        b=1 b=2 b=3
    //   a=1   3   1   0
    //   a=2   0   2   1
    //   a=3   1   0   2
    // unweighted: po = 7/10, pe = (16+9+9)/100 = .34, κ = (.7 − .34)/(1 − .34) = .36/.66 = 6/11
    // disagreement weights w (0 on the diagonal), expected counts e_ij = r_i c_j / n:
    //   linear  w(1,2)=w(2,3)=1/2, w(1,3)=1
    //     Σw·o = ½·1 + ½·1 + 1·1 = 2
    //     Σw·e = [½·(4·3 + 3·4 + 3·3 + 3·3) + 1·(4·3 + 3·4)] / 10 = (21 + 24)/10 = 4.5
    //     κ_lin = 1 − 2/4.5 = 5/9
    //   quadratic  w(1,2)=w(2,3)=1/4, w(1,3)=1
    //     Σw·o = ¼ + ¼ + 1 = 1.5
    //     Σw·e = [¼·42 + 1·24] / 10 = 3.45
    //     κ_quad = 1 − 1.5/3.45 = 13/23
    const { a, b } = expandTable(
      [
        [3, 1, 0],
        [0, 2, 1],
        [1, 0, 2],
      ],
      [1, 2, 3],
    );
    expect(cohenKappa(a, b)).toBeCloseTo(6 / 11, 12);
    expect(cohenKappa(a, b, { weights: 'none' })).toBeCloseTo(6 / 11, 12);
    expect(cohenKappa(a, b, { weights: 'linear' })).toBeCloseTo(5 / 9, 12);
    expect(cohenKappa(a, b, { weights: 'quadratic' })).toBeCloseTo(13 / 23, 12);
  });

  it("matches R irr's kappa2() on the anxiety data (unweighted, equal, squared)", () => {
    // Values printed by irr::kappa2(anxiety[,2:3], weight) as recorded in statsmodels'
    // statsmodels/stats/tests/test_inter_rater.py (test_cohens_kappa_irr).
    expect(cohenKappa(ANXIETY_RATER2, ANXIETY_RATER3)).toBeCloseTo(-0.006289308, 8);
    expect(cohenKappa(ANXIETY_RATER2, ANXIETY_RATER3, { weights: 'linear' })).toBeCloseTo(0.1459075, 6);
    expect(cohenKappa(ANXIETY_RATER2, ANXIETY_RATER3, { weights: 'quadratic' })).toBeCloseTo(0.2520325, 6);
  });

  it("quadratic-weighted kappa equals Lin's concordance correlation of the scale positions", () => {
    // Identity: with w = ((i−j)/(k−1))², Σw·o/n = mean (x−y)² = s_x² + s_y² + (x̄−ȳ)² − 2s_xy and
    // Σw·e/n = mean over all (x_i − y_j)² = s_x² + s_y² + (x̄−ȳ)², so κ_quad = 2s_xy / (s_x² + s_y² + (x̄−ȳ)²)
    // (population moments), i.e. Lin (1989) CCC. Computed here independently from the raw ratings.
    const random = mulberry32(7);
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const truth = 1 + Math.floor(random() * 5);
      x.push(truth);
      y.push(Math.min(5, Math.max(1, truth + Math.floor(random() * 3) - 1 + (random() < 0.3 ? 1 : 0))));
    }
    const labels = [1, 2, 3, 4, 5];
    expect(new Set(x).size).toBe(5);
    expect(cohenKappa(x, y, { weights: 'quadratic', labels })).toBeCloseTo(concordance(x, y), 12);
    // Also on the hand example and the irr data (positions of observed levels 1,2,3,4,6 are 0..4).
    const pos = (v: number) => [1, 2, 3, 4, 6].indexOf(v);
    expect(cohenKappa(ANXIETY_RATER2, ANXIETY_RATER3, { weights: 'quadratic' })).toBeCloseTo(
      concordance(ANXIETY_RATER2.map(pos), ANXIETY_RATER3.map(pos)),
      12,
    );
    // …and it is not the linear value, so the identity is specific to quadratic weights.
    expect(Math.abs(cohenKappa(x, y, { weights: 'linear', labels }) - concordance(x, y))).toBeGreaterThan(0.01);
  });

  it('weights by position in the full scale, so an unobserved middle level widens distances', () => {
    // Observed levels 1, 2, 5 of a 1..5 scale; all disagreements are 1 vs 2, which is a small error on
    // the real scale. rows = a, cols = b, margins (4,3,3) both ways, n = 10.
    //        b=1 b=2 b=5
    //   a=1   3   1   0
    //   a=2   1   2   0
    //   a=5   0   0   3
    // Without labels the positions are 0,1,2 (5 looks adjacent to 2). Linear, unnormalised |i−j|:
    //   Σw·o = 1 + 1 = 2;  Σw·e = [1·(12+12) + 1·(9+9) + 2·(12+12)]/10 = 90/10 = 9;  κ = 1 − 2/9 = 7/9
    // With labels [1..5] the positions are 0,1,4:
    //   Σw·e = [1·24 + 3·18 + 4·24]/10 = 17.4;  κ = 1 − 2/17.4 = 77/87 (higher: chance errors are larger)
    // Unweighted kappa ignores positions: po = .8, pe = .34, κ = .46/.66 = 23/33 either way.
    const { a, b } = expandTable(
      [
        [3, 1, 0],
        [1, 2, 0],
        [0, 0, 3],
      ],
      [1, 2, 5],
    );
    const scale = [1, 2, 3, 4, 5];
    expect(cohenKappa(a, b, { weights: 'linear' })).toBeCloseTo(7 / 9, 12);
    expect(cohenKappa(a, b, { weights: 'linear', labels: scale })).toBeCloseTo(77 / 87, 12);
    expect(cohenKappa(a, b, { weights: 'linear', labels: scale })).toBeGreaterThan(cohenKappa(a, b, { weights: 'linear' }));
    expect(cohenKappa(a, b)).toBeCloseTo(23 / 33, 12);
    expect(cohenKappa(a, b, { labels: scale })).toBeCloseTo(23 / 33, 12);
    // Unobserved levels at the ends only rescale the weights, which kappa is invariant to.
    const { a: a3, b: b3 } = expandTable(
      [
        [3, 1, 0],
        [0, 2, 1],
        [1, 0, 2],
      ],
      [2, 3, 4],
    );
    expect(cohenKappa(a3, b3, { weights: 'quadratic', labels: scale })).toBeCloseTo(13 / 23, 12);
  });

  it('orders string labels by the labels option for weighted kappa', () => {
    // Same data as the hand example with 1,2,3 renamed low/mid/high; alphabetical order would be
    // high < low < mid, which changes the weighted value.
    const { a, b } = expandTable(
      [
        [3, 1, 0],
        [0, 2, 1],
        [1, 0, 2],
      ],
      ['low', 'mid', 'high'],
    );
    expect(cohenKappa(a, b, { weights: 'linear', labels: ['low', 'mid', 'high'] })).toBeCloseTo(5 / 9, 12);
    expect(cohenKappa(a, b, { weights: 'linear' })).not.toBeCloseTo(5 / 9, 3);
  });

  it('drops pairs where either side is null or undefined', () => {
    const a = [1, 2, 3, 1, 2, 3, 1, 2];
    const b = [1, 2, 3, 1, 3, 3, 2, 2];
    const base = cohenKappa(a, b);
    expect(cohenKappa([...a, null, 3, undefined], [...b, 1, null, undefined])).toBeCloseTo(base, 12);
    expect(base).toBeCloseTo(cohenKappaFromTable([[2, 1, 0], [0, 2, 1], [0, 0, 2]]), 12);
  });

  it('returns NaN when both raters used one and the same label (expected disagreement 0)', () => {
    expect(cohenKappa(['yes', 'yes', 'yes'], ['yes', 'yes', 'yes'])).toBeNaN();
    expect(cohenKappa([3, 3], [3, 3], { weights: 'quadratic', labels: [1, 2, 3, 4, 5] })).toBeNaN();
    // One rater varying is not degenerate: po = 1/2, pe = 1/2·1 → κ = 0.
    expect(cohenKappa(['yes', 'no'], ['yes', 'yes'])).toBeCloseTo(0, 12);
  });

  it('gives 1 for perfect agreement and treats 1 and "1" as different labels', () => {
    expect(cohenKappa([1, 2, 3], [1, 2, 3], { weights: 'quadratic' })).toBe(1);
    expect(cohenKappa([1, '1'], [1, '1'])).toBe(1);
  });

  it('throws STATS_LENGTH_MISMATCH, STATS_EMPTY, label and option errors', () => {
    expectStatsError(() => cohenKappa([1, 2], [1]), 'STATS_LENGTH_MISMATCH', 'cohenKappa: a has 2 values but b has 1');
    expectStatsError(() => cohenKappa([], []), 'STATS_EMPTY', 'cohenKappa: no item has both ratings present');
    expectStatsError(() => cohenKappa([1, null], [null, 2]), 'STATS_EMPTY', 'cohenKappa: no item has both ratings present');
    expectStatsError(() => cohenKappa([1, Number.NaN], [1, 2]), 'STATS_INVALID_LABEL', 'cohenKappa: a[1] is not a string or finite number (got NaN)');
    expectStatsError(() => cohenKappa([1, 2], [1, 7], { labels: [1, 2, 3] }), 'STATS_UNKNOWN_LABEL', 'cohenKappa: label 7 is not in labels');
    expectStatsError(() => cohenKappa(['a'], ['a'], { labels: ['a', 'a'] }), 'STATS_DUPLICATE_LABEL', 'cohenKappa: labels lists "a" more than once');
    expectStatsError(
      () => cohenKappa([1], [1], { weights: 'cubic' as never }),
      'STATS_INVALID_OPTION',
      'cohenKappa: weights must be one of none, linear, quadratic (got "cubic")',
    );
  });
});

describe('cohenKappaFromTable', () => {
  it('agrees with cohenKappa on the Artstein & Poesio table', () => {
    // Same table and hand computation as above: 121/151.
    expect(cohenKappaFromTable(AP_TABLE)).toBeCloseTo(121 / 151, 12);
  });

  it('throws on non-square, negative and empty tables', () => {
    expectStatsError(() => cohenKappaFromTable([]), 'STATS_EMPTY', 'cohenKappaFromTable: table has no rows');
    expectStatsError(() => cohenKappaFromTable([[0, 0], [0, 0]]), 'STATS_EMPTY', 'cohenKappaFromTable: table has no observations');
    expectStatsError(
      () => cohenKappaFromTable([[1, 2], [3]]),
      'STATS_RAGGED_ROWS',
      'cohenKappaFromTable: table must be square, row 1 has 1 columns but there are 2 rows',
    );
    expectStatsError(
      () => cohenKappaFromTable([[1, -2], [3, 4]]),
      'STATS_INVALID_COUNT',
      'cohenKappaFromTable: table[0][1] is not a non-negative number (got -2)',
    );
  });
});

describe('kappaDisagreementWeight', () => {
  it('is 0 on the diagonal and linear/quadratic in the normalised distance', () => {
    expect(kappaDisagreementWeight('none', 0, 4, 5)).toBe(1);
    expect(kappaDisagreementWeight('linear', 1, 1, 5)).toBe(0);
    expect(kappaDisagreementWeight('linear', 0, 2, 5)).toBe(0.5);
    expect(kappaDisagreementWeight('quadratic', 0, 2, 5)).toBe(0.25);
    expect(kappaDisagreementWeight('quadratic', 4, 0, 5)).toBe(1);
  });
});
