import { assertFiniteNumbers, assertNonEmpty } from './checks.js';
import { describeValue, isLabel, type Label } from './label.js';
import { StatsError } from './stats-error.js';

/**
 * The reference label of several raters on a category or binary criterion: the most frequent label
 * (plurality; with 2 raters this means both agree). Missing ratings (`null`/`undefined`) are ignored.
 *
 * Returns `null` when there is no majority to take: no ratings at all, or two or more labels share
 * the highest count (e.g. `['yes', 'no']`, or `['a', 'a', 'b', 'b', 'c']`). Callers should treat such
 * items as having no reference label rather than break the tie arbitrarily.
 * Source: plurality vote, e.g. Snow et al. (2008) "Cheap and fast — but is it good?", EMNLP (majority
 * vote over annotators as the aggregate label).
 * @throws StatsError `STATS_INVALID_LABEL`
 */
export function majorityLabel(values: readonly (Label | null | undefined)[]): Label | null {
  const counts = new Map<Label, number>();
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    if (!isLabel(v)) {
      throw new StatsError('STATS_INVALID_LABEL', `majorityLabel: values[${i}] is not a string or finite number (got ${describeValue(v)})`);
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
  });
  let best: Label | null = null;
  let bestCount = 0;
  let tied = false;
  for (const [label, count] of counts) {
    if (count > bestCount) {
      best = label;
      bestCount = count;
      tied = false;
    } else if (count === bestCount) {
      tied = true;
    }
  }
  return tied ? null : best;
}

/**
 * The reference value of several raters on a numeric scale: the median. With an even count it is the
 * mean of the two middle values, so it may fall between scale points (e.g. [2, 3] → 2.5); round it
 * yourself if a scale point is required.
 * Source: standard sample median, e.g. Hyndman & Fan (1996) "Sample quantiles in statistical
 * packages", The American Statistician 50(4) (definition 7 at p = 0.5).
 * @throws StatsError `STATS_EMPTY`, `STATS_NOT_NUMERIC`
 */
export function medianLabel(values: readonly number[]): number {
  assertNonEmpty('medianLabel', 'values', values);
  assertFiniteNumbers('medianLabel', 'values', values);
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
