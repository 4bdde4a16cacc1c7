import { describe, expect, it } from 'vitest';
import { meanAbsoluteError } from '../../../src/calibrate/stats/mae.js';
import { expectStatsError } from './helpers.js';

describe('meanAbsoluteError', () => {
  it('averages absolute differences (hand example)', () => {
    // |1−2| + |2−2| + |3−5| = 3 → 3/3 = 1
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 5])).toBe(1);
    // symmetric, and signs do not cancel: (|−1−1| + |1−(−1)|)/2 = 2
    expect(meanAbsoluteError([-1, 1], [1, -1])).toBe(2);
    expect(meanAbsoluteError([2, 2, 5], [1, 2, 3])).toBe(1);
    expect(meanAbsoluteError([4.5], [4.5])).toBe(0);
  });

  it('throws on bad input', () => {
    expectStatsError(() => meanAbsoluteError([1], [1, 2]), 'STATS_LENGTH_MISMATCH', 'meanAbsoluteError: a has 1 values but b has 2');
    expectStatsError(() => meanAbsoluteError([], []), 'STATS_EMPTY', 'meanAbsoluteError: a is empty');
    expectStatsError(
      () => meanAbsoluteError([1, Number.POSITIVE_INFINITY], [1, 2]),
      'STATS_NOT_NUMERIC',
      'meanAbsoluteError: a[1] is not a finite number (got Infinity)',
    );
  });
});
