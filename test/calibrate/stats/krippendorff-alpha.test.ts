import { describe, expect, it } from 'vitest';
import { alphaDifference, coincidenceMatrix, krippendorffAlpha } from '../../../src/calibrate/stats/krippendorff-alpha.js';
import { expectStatsError } from './helpers.js';

const _ = null;

/**
 * Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C ("nominal data, any
 * number of observers, missing values"): 4 observers × 12 units, values 1–5, `_` = missing. The paper
 * reports α_nominal = 0.743 there and α_ordinal = 0.815, α_interval = 0.849, α_ratio = 0.797 for the
 * same data in the later sections.
 */
const K2011_C = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

/**
 * Wikipedia, "Krippendorff's alpha", section "A computational example": 3 coders × 15 units with
 * missing values; α_nominal = 0.691, α_interval = 0.811 (fast-krippendorff's tests: 0.691358, 0.810845).
 */
const WIKIPEDIA = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];

describe('krippendorffAlpha', () => {
  it('reproduces Krippendorff (2011) section C at all four levels of measurement', () => {
    // Krippendorff (2011), sections C (nominal .743) and F (ordinal .815, interval .849, ratio .797).
    expect(krippendorffAlpha(K2011_C, { level: 'nominal' })).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(K2011_C, { level: 'ordinal' })).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(K2011_C, { level: 'interval' })).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(K2011_C, { level: 'ratio' })).toBeCloseTo(0.797, 3);
  });

  it('builds the coincidence matrix of the section C data', () => {
    // Hand computation from the data above (unit 12 has a single value and is unpairable):
    //   o_11 = unit 1 (three 1s, m=3): 3·2/2 + unit 8 (three 1s, m=4): 3·2/3 + unit 11 (two 1s): 2 = 7
    //   o_12 = unit 6 (1,2,3,4; m=4): 1/3 + unit 8 (one 2 with three 1s): 3/3 = 4/3
    //   o_22 = unit 2: 3·2/3 + unit 5: 4·3/3 + unit 9: 4·3/3 = 10;  o_33 = units 3, 4: 4 + 4 = 8
    //   o_44 = unit 7: 4·3/3 = 4;  o_55 = unit 10: 3·2/2 = 3
    //   marginals n_c = 9, 13, 10, 5, 3 and n = 40 pairable values.
    const index = new Map([1, 2, 3, 4, 5].map((v, i) => [v, i]));
    const o = coincidenceMatrix(K2011_C, index);
    const marginals = o.map((row) => row.reduce((s, v) => s + v, 0));
    expect(marginals.map((m) => Math.round(m * 1e9) / 1e9)).toEqual([9, 13, 10, 5, 3]);
    expect(o[0]![0]).toBeCloseTo(7, 12);
    expect(o[0]![1]).toBeCloseTo(4 / 3, 12);
    expect(o[1]![0]).toBeCloseTo(4 / 3, 12);
    expect(o[1]![1]).toBeCloseTo(10, 12);
    expect(o[2]![2]).toBeCloseTo(8, 12);
    expect(o[3]![3]).toBeCloseTo(4, 12);
    expect(o[4]![4]).toBeCloseTo(3, 12);
  });

  it('reproduces Krippendorff (2011) section A: binary, 2 observers, no missing data, alpha = 0.095', () => {
    // Krippendorff (2011) section A: α = 1 − (n − 1)·o_01/(n_0·n_1) = 1 − 19·4/(14·6) = 0.095.
    const data = [
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    ];
    expect(krippendorffAlpha(data, { level: 'nominal' })).toBeCloseTo(1 - 76 / 84, 12);
    expect(krippendorffAlpha(data, { level: 'nominal' })).toBeCloseTo(0.095, 3);
  });

  it('reproduces Krippendorff (2011) section B: nominal, 2 observers, no missing data, alpha = 0.692', () => {
    // Krippendorff (2011) section B (observers Ben and Gerry, 12 units, values a–e):
    // n = 24, marginals a 4, b 6, c 6, d 6, e 2; 3 disagreeing units → Σ_{c≠k} o_ck = 6;
    // α = 1 − 23·6/(24² − (16+36+36+36+4)) = 1 − 138/448 = 0.692.
    const data = [
      ['a', 'a', 'b', 'b', 'd', 'c', 'c', 'c', 'e', 'd', 'd', 'a'],
      ['b', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'e', 'd', 'd', 'd'],
    ];
    expect(krippendorffAlpha(data, { level: 'nominal' })).toBeCloseTo(1 - 138 / 448, 12);
    expect(krippendorffAlpha(data, { level: 'nominal' })).toBeCloseTo(0.692, 3);
  });

  it("reproduces Wikipedia's computational example (nominal 0.691, interval 0.811)", () => {
    // Wikipedia "Krippendorff's alpha", "A computational example"; 6-decimal values from
    // pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py.
    expect(krippendorffAlpha(WIKIPEDIA, { level: 'nominal' })).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(WIKIPEDIA, { level: 'interval' })).toBeCloseTo(0.810845, 6);
  });

  it('matches the Artstein & Poesio (2008) two-coder example (nominal alpha = 0.8005)', () => {
    // Artstein & Poesio (2008) §2 Stat/IReq/Chck data (46 stat/stat, 6 ireq/stat, 32 ireq/ireq,
    // 6 ireq/chck, 10 chck/chck). Hand computation: n = 200, n_stat = 98, n_ireq = 76, n_chck = 26,
    // Σ_{c≠k} o_ck = 2·12 = 24, α = 1 − 199·24/(200² − 98² − 76² − 26²) = 1 − 4776/23944 = 0.80053...
    // (NLTK AnnotationTask.alpha(): 0.8005345806882727).
    const coderA = [...Array(46).fill('stat'), ...Array(44).fill('ireq'), ...Array(10).fill('chck')] as string[];
    const coderB = [...Array(52).fill('stat'), ...Array(32).fill('ireq'), ...Array(16).fill('chck')] as string[];
    expect(krippendorffAlpha([coderA, coderB], { level: 'nominal' })).toBeCloseTo(1 - 4776 / 23944, 12);
  });

  it('orders string labels for ordinal alpha by the labels option', () => {
    // Section C data with 1..5 renamed: same ordinal alpha (0.815) only when the order is supplied.
    const names = ['very low', 'low', 'mid', 'high', 'very high'];
    const named = K2011_C.map((coder) => coder.map((v) => (v === null ? null : names[v - 1]!)));
    expect(krippendorffAlpha(named, { level: 'ordinal', labels: names })).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(named, { level: 'ordinal' })).not.toBeCloseTo(0.815, 3);
    // Nominal alpha does not depend on names or order.
    expect(krippendorffAlpha(named, { level: 'nominal' })).toBeCloseTo(0.743, 3);
  });

  it('ignores unobserved levels in labels and unpairable units', () => {
    const withScale = krippendorffAlpha(K2011_C, { level: 'ordinal', labels: [0, 1, 2, 3, 4, 5, 6] });
    expect(withScale).toBeCloseTo(krippendorffAlpha(K2011_C, { level: 'ordinal' }), 12);
    const extraLoneValues = K2011_C.map((coder, c) => [...coder, c === 0 ? 5 : null]);
    expect(krippendorffAlpha(extraLoneValues, { level: 'interval' })).toBeCloseTo(0.849, 3);
  });

  it('handles the degenerate cases: perfect agreement 1, no variation NaN, nothing pairable NaN', () => {
    expect(krippendorffAlpha([[1, 2, 3], [1, 2, 3], [1, 2, _]], { level: 'interval' })).toBe(1);
    expect(krippendorffAlpha([[0, 1, 2], [0, 1, 2]], { level: 'ratio' })).toBe(1);
    expect(krippendorffAlpha([['x', 'x'], ['x', 'x']], { level: 'nominal' })).toBeNaN();
    expect(krippendorffAlpha([[1, _], [_, 2]], { level: 'nominal' })).toBeNaN();
  });

  it('throws on malformed data and options', () => {
    expectStatsError(() => krippendorffAlpha([], { level: 'nominal' }), 'STATS_EMPTY', 'krippendorffAlpha: data has no coders');
    expectStatsError(() => krippendorffAlpha([[], []], { level: 'nominal' }), 'STATS_EMPTY', 'krippendorffAlpha: data has no units');
    expectStatsError(
      () => krippendorffAlpha([[1, 2, 3], [1, 2]], { level: 'nominal' }),
      'STATS_LENGTH_MISMATCH',
      'krippendorffAlpha: coder 1 has 2 units but coder 0 has 3',
    );
    expectStatsError(
      () => krippendorffAlpha([[1, 'a'], [1, 2]], { level: 'interval' }),
      'STATS_NOT_NUMERIC',
      'krippendorffAlpha: interval level needs numbers, data[0][1] is "a"',
    );
    expectStatsError(
      () => krippendorffAlpha([[1, -2], [1, 2]], { level: 'ratio' }),
      'STATS_INVALID_VALUE',
      'krippendorffAlpha: ratio level needs non-negative values, data[0][1] is -2',
    );
    expectStatsError(
      () => krippendorffAlpha([[1, Number.POSITIVE_INFINITY], [1, 2]], { level: 'nominal' }),
      'STATS_INVALID_LABEL',
      'krippendorffAlpha: data[0][1] is not a string, finite number or null (got Infinity)',
    );
    expectStatsError(
      () => krippendorffAlpha([['lo', 'hi'], ['lo', 'max']], { level: 'ordinal', labels: ['lo', 'hi'] }),
      'STATS_UNKNOWN_LABEL',
      'krippendorffAlpha: label "max" is not in labels',
    );
    expectStatsError(
      () => krippendorffAlpha([[1], [1]], { level: 'cardinal' as never }),
      'STATS_INVALID_OPTION',
      'krippendorffAlpha: level must be one of nominal, ordinal, interval, ratio (got "cardinal")',
    );
  });
});

describe('alphaDifference', () => {
  it('implements the four difference functions of Krippendorff (2011) section F', () => {
    // Ordinal with the section C marginals n = [9, 13, 10, 5, 3]: δ²(1,3) = (9 + 13 + 10 − (9 + 10)/2)² = 22.5².
    const values = [1, 2, 3, 4, 5];
    const n = [9, 13, 10, 5, 3];
    expect(alphaDifference('nominal', values, n, 0, 2)).toBe(1);
    expect(alphaDifference('nominal', values, n, 2, 2)).toBe(0);
    expect(alphaDifference('ordinal', values, n, 0, 2)).toBe(22.5 ** 2);
    expect(alphaDifference('ordinal', values, n, 2, 0)).toBe(22.5 ** 2);
    expect(alphaDifference('interval', values, n, 0, 2)).toBe(4);
    expect(alphaDifference('ratio', values, n, 0, 2)).toBe(0.25);
  });
});
