import { describe, expect, it } from 'vitest';
import { fleissKappa } from '../../../src/calibrate/stats/fleiss-kappa.js';
import { expectStatsError } from './helpers.js';

/**
 * Fleiss (1971) "Measuring nominal scale agreement among many raters", Psychological Bulletin 76(5),
 * Table 1: 30 patients, 6 psychiatrists each, categories depression, personality disorder,
 * schizophrenia, neurosis, other. Counts aggregated from the rater-level `diagnoses` data set of the R
 * package irr (reproduced in statsmodels' test_inter_rater.py); column totals 26, 26, 30, 55, 43,
 * i.e. p_j = .144, .144, .167, .306, .239 as printed by Fleiss.
 */
const FLEISS_1971 = [
  [0, 0, 0, 6, 0],
  [0, 3, 0, 0, 3],
  [0, 1, 4, 0, 1],
  [0, 0, 0, 0, 6],
  [0, 3, 0, 3, 0],
  [2, 0, 4, 0, 0],
  [0, 0, 4, 0, 2],
  [2, 0, 3, 1, 0],
  [2, 0, 0, 4, 0],
  [0, 0, 0, 0, 6],
  [1, 0, 0, 5, 0],
  [1, 1, 0, 4, 0],
  [0, 3, 3, 0, 0],
  [1, 0, 0, 5, 0],
  [0, 2, 0, 3, 1],
  [0, 0, 5, 0, 1],
  [3, 0, 0, 1, 2],
  [5, 1, 0, 0, 0],
  [0, 2, 0, 4, 0],
  [1, 0, 2, 0, 3],
  [0, 0, 0, 0, 6],
  [0, 1, 0, 5, 0],
  [0, 2, 0, 1, 3],
  [2, 0, 0, 4, 0],
  [1, 0, 0, 4, 1],
  [0, 5, 0, 1, 0],
  [4, 0, 0, 0, 2],
  [0, 2, 0, 4, 0],
  [1, 0, 5, 0, 0],
  [0, 0, 0, 0, 6],
];

/** Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; κ = 0.210. */
const WIKIPEDIA = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('fleissKappa', () => {
  it('reproduces Fleiss (1971) Table 1: kappa = 0.430', () => {
    // Fleiss (1971) p. 381 reports κ = .430; irr::kappam.fleiss(diagnoses) prints 0.4302445.
    const totals = FLEISS_1971[0]!.map((_, j) => FLEISS_1971.reduce((s, row) => s + row[j]!, 0));
    expect(totals).toEqual([26, 26, 30, 55, 43]);
    expect(fleissKappa(FLEISS_1971)).toBeCloseTo(0.43, 3);
    expect(fleissKappa(FLEISS_1971)).toBeCloseTo(0.4302445, 6);
  });

  it("reproduces Wikipedia's 10 × 5 example: kappa = 0.210", () => {
    // Wikipedia "Fleiss' kappa", worked example: P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    expect(fleissKappa(WIKIPEDIA)).toBeCloseTo(0.21, 3);
  });

  it("equals Scott's pi with 2 raters (Artstein & Poesio 2008 example: pi = 0.7995)", () => {
    // Artstein & Poesio (2008) §2 Stat/IReq/Chck data as per-utterance counts: 46 stat/stat,
    // 6 ireq/stat, 32 ireq/ireq, 6 ireq/chck, 10 chck/chck. Hand computation of π:
    //   pooled proportions stat 98/200 = .49, ireq 76/200 = .38, chck 26/200 = .13
    //   Ae(π) = .49² + .38² + .13² = .4014;  π = (.88 − .4014)/(1 − .4014) = .4786/.5986 = 0.79953...
    // NLTK's AnnotationTask.pi() on the same data: 0.7995322418977614.
    const rows = [
      ...Array.from({ length: 46 }, () => [2, 0, 0]),
      ...Array.from({ length: 6 }, () => [1, 1, 0]),
      ...Array.from({ length: 32 }, () => [0, 2, 0]),
      ...Array.from({ length: 6 }, () => [0, 1, 1]),
      ...Array.from({ length: 10 }, () => [0, 0, 2]),
    ];
    expect(fleissKappa(rows)).toBeCloseTo(0.4786 / 0.5986, 12);
    expect(fleissKappa(rows)).toBeCloseTo(0.7995322418977614, 12);
  });

  it('gives 1 for unanimous subjects spread over categories, and NaN when every rating is one category', () => {
    expect(fleissKappa([[3, 0], [0, 3], [3, 0]])).toBe(1);
    expect(fleissKappa([[0, 4, 0], [0, 4, 0]])).toBeNaN();
  });

  it('throws for empty, ragged, mismatched and invalid count matrices', () => {
    expectStatsError(() => fleissKappa([]), 'STATS_EMPTY', 'fleissKappa: counts has no subjects');
    expectStatsError(() => fleissKappa([[]]), 'STATS_EMPTY', 'fleissKappa: counts has no categories');
    expectStatsError(() => fleissKappa([[1, 1, 0], [2, 0]]), 'STATS_RAGGED_ROWS', 'fleissKappa: row 1 has 2 categories but row 0 has 3');
    expectStatsError(
      () => fleissKappa([[1, 1], [2, 0], [2, 1]]),
      'STATS_RATER_COUNT_MISMATCH',
      'fleissKappa: row 2 sums to 3 ratings but row 0 sums to 2',
    );
    expectStatsError(() => fleissKappa([[1, 0], [0, 1]]), 'STATS_TOO_FEW_RATERS', 'fleissKappa: each subject needs at least 2 ratings (rows sum to 1)');
    expectStatsError(() => fleissKappa([[1, 1], [2.5, -0.5]]), 'STATS_INVALID_COUNT', 'fleissKappa: counts[1][0] is not a non-negative integer (got 2.5)');
    expectStatsError(() => fleissKappa([[1, 1], [3, -1]]), 'STATS_INVALID_COUNT', 'fleissKappa: counts[1][1] is not a non-negative integer (got -1)');
  });
});
