import { describeValue, isLabel, type Label } from './label.js';
import { StatsError } from './stats-error.js';

/**
 * Input checks shared by the statistics. Internal: not re-exported from the folder's index.
 * Each takes the public function's name so messages read `fn: ...`.
 */

/** @throws StatsError `STATS_LENGTH_MISMATCH` when the two arrays differ in length. */
export function assertSameLength(fn: string, aName: string, a: readonly unknown[], bName: string, b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new StatsError('STATS_LENGTH_MISMATCH', `${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}`);
  }
}

/** @throws StatsError `STATS_EMPTY` when `values` is empty. */
export function assertNonEmpty(fn: string, name: string, values: readonly unknown[]): void {
  if (values.length === 0) throw new StatsError('STATS_EMPTY', `${fn}: ${name} is empty`);
}

/** @throws StatsError `STATS_INVALID_LABEL` at the first value that is not a label. */
export function assertLabels(fn: string, name: string, values: readonly unknown[]): asserts values is readonly Label[] {
  values.forEach((v, i) => {
    if (!isLabel(v)) {
      throw new StatsError('STATS_INVALID_LABEL', `${fn}: ${name}[${i}] is not a string or finite number (got ${describeValue(v)})`);
    }
  });
}

/** @throws StatsError `STATS_NOT_NUMERIC` at the first value that is not a finite number. */
export function assertFiniteNumbers(fn: string, name: string, values: readonly unknown[]): asserts values is readonly number[] {
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsError('STATS_NOT_NUMERIC', `${fn}: ${name}[${i}] is not a finite number (got ${describeValue(v)})`);
    }
  });
}

/** Checked paired input: same length, non-empty, every value valid. */
export function assertPairedLabels(fn: string, a: readonly unknown[], b: readonly unknown[], aName = 'a', bName = 'b'): void {
  assertSameLength(fn, aName, a, bName, b);
  assertNonEmpty(fn, aName, a);
  assertLabels(fn, aName, a);
  assertLabels(fn, bName, b);
}

/** Checked paired numeric input: same length, non-empty, every value a finite number. */
export function assertPairedNumbers(fn: string, a: readonly unknown[], b: readonly unknown[]): void {
  assertSameLength(fn, 'a', a, 'b', b);
  assertNonEmpty(fn, 'a', a);
  assertFiniteNumbers(fn, 'a', a);
  assertFiniteNumbers(fn, 'b', b);
}
