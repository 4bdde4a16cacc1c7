import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, macroRecall, perClass } from '../../../src/calibrate/stats/classification.js';
import { expectStatsError } from './helpers.js';

// Hand-worked example used throughout (7 items):
//   index      0  1  2  3  4  5  6
//   reference  a  a  a  a  b  b  c
//   predicted  a  a  b  b  b  a  c
// confusion (rows reference, cols predicted, order a b c):
//   a: [2, 2, 0]   b: [1, 1, 0]   c: [0, 0, 1]
// accuracy = (2 + 1 + 1)/7 = 4/7
// a: TP 2, FP 1, FN 2 → P 2/3, R 1/2, F1 = 4/(4+1+2) = 4/7, support 4
// b: TP 1, FP 2, FN 1 → P 1/3, R 1/2, F1 = 2/(2+2+1) = 2/5, support 2
// c: TP 1 → P 1, R 1, F1 1, support 1
// UAR = (1/2 + 1/2 + 1)/3 = 2/3
const REF = ['a', 'a', 'a', 'a', 'b', 'b', 'c'];
const PRED = ['a', 'a', 'b', 'b', 'b', 'a', 'c'];

describe('accuracy', () => {
  it('is the fraction of exact matches (hand example: 4/7)', () => {
    expect(accuracy(REF, PRED)).toBeCloseTo(4 / 7, 12);
    expect(accuracy([1, 2], [1, 2])).toBe(1);
    expect(accuracy([1, 2], ['1', '2'])).toBe(0);
  });

  it('throws on length mismatch, empty input and invalid labels', () => {
    expectStatsError(() => accuracy(['a'], ['a', 'b']), 'STATS_LENGTH_MISMATCH', 'accuracy: reference has 1 values but predicted has 2');
    expectStatsError(() => accuracy([], []), 'STATS_EMPTY', 'accuracy: reference is empty');
    expectStatsError(
      () => accuracy(['a', null as never], ['a', 'b']),
      'STATS_INVALID_LABEL',
      'accuracy: reference[1] is not a string or finite number (got null)',
    );
  });
});

describe('confusionMatrix', () => {
  it('puts reference in rows and predictions in columns', () => {
    expect(confusionMatrix(REF, PRED)).toEqual({
      labels: ['a', 'b', 'c'],
      matrix: [
        [2, 2, 0],
        [1, 1, 0],
        [0, 0, 1],
      ],
    });
  });

  it('follows the labels option, including unobserved labels', () => {
    expect(confusionMatrix([3, 1], [1, 1], [3, 2, 1])).toEqual({
      labels: [3, 2, 1],
      matrix: [
        [0, 0, 1],
        [0, 0, 0],
        [0, 0, 1],
      ],
    });
  });

  it('sorts default labels numbers first, then strings', () => {
    expect(confusionMatrix([10, 'b', 2], ['a', 9, 2]).labels).toEqual([2, 9, 10, 'a', 'b']);
  });

  it('throws for labels missing from or repeated in the labels option', () => {
    expectStatsError(() => confusionMatrix(['a'], ['z'], ['a', 'b']), 'STATS_UNKNOWN_LABEL', 'confusionMatrix: label "z" is not in labels');
    expectStatsError(() => confusionMatrix([1], [1], [1, 2, 1]), 'STATS_DUPLICATE_LABEL', 'confusionMatrix: labels lists 1 more than once');
  });
});

describe('perClass', () => {
  it('gives precision, recall, F1 and support per class (hand example)', () => {
    const m = perClass(REF, PRED);
    expect(Object.keys(m)).toEqual(['a', 'b', 'c']);
    expect(m.a!.precision).toBeCloseTo(2 / 3, 12);
    expect(m.a!.recall).toBeCloseTo(1 / 2, 12);
    expect(m.a!.f1).toBeCloseTo(4 / 7, 12);
    expect(m.a!.support).toBe(4);
    expect(m.b!.precision).toBeCloseTo(1 / 3, 12);
    expect(m.b!.recall).toBeCloseTo(1 / 2, 12);
    expect(m.b!.f1).toBeCloseTo(2 / 5, 12);
    expect(m.b!.support).toBe(2);
    expect(m.c).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
  });

  it('F1 is the harmonic mean of precision and recall where both are defined', () => {
    const m = perClass(REF, PRED);
    for (const k of ['a', 'b']) {
      const { precision: p, recall: r, f1 } = m[k]!;
      expect(f1).toBeCloseTo((2 * p * r) / (p + r), 12);
    }
  });

  it('uses NaN for undefined precision/recall and 0 F1 for a class never got right', () => {
    // 'x' only in labels; 'y' predicted but never in the reference; 'a' in reference but never predicted.
    const m = perClass(['a', 'b'], ['y', 'b'], ['a', 'b', 'x', 'y']);
    expect(m.x!.precision).toBeNaN();
    expect(m.x!.recall).toBeNaN();
    expect(m.x!.f1).toBeNaN();
    expect(m.x!.support).toBe(0);
    expect(m.y!.precision).toBe(0);
    expect(m.y!.recall).toBeNaN();
    expect(m.y!.f1).toBe(0);
    expect(m.a!.precision).toBeNaN();
    expect(m.a!.recall).toBe(0);
    expect(m.a!.f1).toBe(0);
  });

  it('keys numeric labels by their string form and rejects labels that print the same', () => {
    expect(Object.keys(perClass([1, 2], [1, 1]))).toEqual(['1', '2']);
    expectStatsError(() => perClass([1, '1'], [1, '1']), 'STATS_DUPLICATE_LABEL', 'perClass: labels "1" and another label share the key "1"');
  });
});

describe('macroRecall', () => {
  it('is the mean recall over reference classes (hand example: 2/3)', () => {
    expect(macroRecall(REF, PRED)).toBeCloseTo(2 / 3, 12);
  });

  it('ignores classes that are only predicted or only listed', () => {
    // Reference classes a (recall 1/2) and b (recall 1); 'z' is predicted but never in the reference.
    expect(macroRecall(['a', 'a', 'b'], ['a', 'z', 'b'], ['a', 'b', 'c', 'z'])).toBeCloseTo(0.75, 12);
  });

  it('is 1/k at chance for a majority-class predictor, unlike accuracy', () => {
    const ref = [...Array(9).fill('pass'), 'fail'] as string[];
    const pred = Array(10).fill('pass') as string[];
    expect(accuracy(ref, pred)).toBeCloseTo(0.9, 12);
    expect(macroRecall(ref, pred)).toBeCloseTo(0.5, 12);
  });

  it('throws like confusionMatrix', () => {
    expectStatsError(() => macroRecall([], []), 'STATS_EMPTY', 'macroRecall: reference is empty');
    expectStatsError(() => macroRecall(['a'], ['a', 'a']), 'STATS_LENGTH_MISMATCH', 'macroRecall: reference has 1 values but predicted has 2');
  });
});
