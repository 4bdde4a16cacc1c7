import { StatsError } from './stats-error.js';

/**
 * A category or scale value as a rater gives it. Numbers and strings are distinct labels: `1` and `'1'`
 * are different labels (they are compared with SameValueZero, as `Map` keys are).
 */
export type Label = string | number;

/** True when `value` is a usable label: any string, or a finite number. */
export function isLabel(value: unknown): value is Label {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * The total order used whenever labels are sorted by default: numbers before strings, numbers ascending
 * numerically, strings by UTF-16 code unit (locale-independent, so results do not depend on the machine).
 */
export function compareLabels(x: Label, y: Label): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The distinct labels of `values`, sorted with {@link compareLabels}. */
export function sortedUniqueLabels(values: Iterable<Label>): Label[] {
  return [...new Set(values)].sort(compareLabels);
}

/** Renders a value for an error message: strings quoted, everything else via `String`. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The ordered label set a statistic works on, and each label's position in it. */
export interface LabelSet {
  labels: Label[];
  index: Map<Label, number>;
}

/**
 * Resolves the category set for a statistic: `given` in its order when supplied (validated: labels only,
 * no duplicates, and every observed label must be in it), else the sorted union of `observed`.
 * @throws StatsError `STATS_INVALID_LABEL`, `STATS_DUPLICATE_LABEL`, `STATS_UNKNOWN_LABEL`
 */
export function resolveLabels(fn: string, observed: Iterable<Label>, given?: readonly Label[]): LabelSet {
  if (given === undefined) {
    const labels = sortedUniqueLabels(observed);
    return { labels, index: new Map(labels.map((l, i) => [l, i])) };
  }
  const index = new Map<Label, number>();
  given.forEach((label, i) => {
    if (!isLabel(label)) {
      throw new StatsError('STATS_INVALID_LABEL', `${fn}: labels[${i}] is not a string or finite number (got ${describeValue(label)})`);
    }
    if (index.has(label)) {
      throw new StatsError('STATS_DUPLICATE_LABEL', `${fn}: labels lists ${describeValue(label)} more than once`);
    }
    index.set(label, i);
  });
  for (const label of observed) {
    if (!index.has(label)) {
      throw new StatsError('STATS_UNKNOWN_LABEL', `${fn}: label ${describeValue(label)} is not in labels`);
    }
  }
  return { labels: [...given], index };
}
