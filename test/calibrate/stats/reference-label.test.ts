import { describe, expect, it } from 'vitest';
import { majorityLabel, medianLabel } from '../../../src/calibrate/stats/reference-label.js';
import { expectStatsError } from './helpers.js';

describe('majorityLabel', () => {
  it('returns the most frequent label', () => {
    expect(majorityLabel(['yes', 'no', 'yes'])).toBe('yes');
    expect(majorityLabel(['a', 'a', 'b', 'c'])).toBe('a');
    expect(majorityLabel([2, 2, 3])).toBe(2);
  });

  it('returns null on a tie for the top count or when there are no ratings', () => {
    expect(majorityLabel(['yes', 'no'])).toBeNull();
    expect(majorityLabel(['a', 'a', 'b', 'b', 'c'])).toBeNull();
    expect(majorityLabel([])).toBeNull();
    expect(majorityLabel([null, undefined])).toBeNull();
  });

  it('ignores missing ratings and keeps 1 and "1" apart', () => {
    expect(majorityLabel(['no', null, 'yes', 'yes', undefined, null])).toBe('yes');
    expect(majorityLabel([1, '1'])).toBeNull();
    expect(majorityLabel([1, '1', 1])).toBe(1);
  });

  it('throws on an invalid label', () => {
    expectStatsError(() => majorityLabel(['a', Number.NaN]), 'STATS_INVALID_LABEL', 'majorityLabel: values[1] is not a string or finite number (got NaN)');
  });
});

describe('medianLabel', () => {
  it('is the middle value, or the mean of the two middle values for an even count', () => {
    expect(medianLabel([5, 1, 3])).toBe(3);
    expect(medianLabel([4, 2, 3, 5])).toBe(3.5);
    expect(medianLabel([2, 3])).toBe(2.5);
    expect(medianLabel([4])).toBe(4);
    expect(medianLabel([10, 2, 1])).toBe(2);
  });

  it('throws on empty or non-numeric input', () => {
    expectStatsError(() => medianLabel([]), 'STATS_EMPTY', 'medianLabel: values is empty');
    expectStatsError(() => medianLabel([1, Number.NaN]), 'STATS_NOT_NUMERIC', 'medianLabel: values[1] is not a finite number (got NaN)');
  });
});
