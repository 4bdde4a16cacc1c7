import { assertPairedLabels } from './checks.js';
import { describeValue, resolveLabels, type Label } from './label.js';
import { StatsError } from './stats-error.js';

/** A confusion matrix: `matrix[i][j]` counts items whose reference is `labels[i]` and prediction `labels[j]`. */
export interface ConfusionMatrix {
  labels: Label[];
  matrix: number[][];
}

/** One class's scores in {@link perClass}. */
export interface ClassMetrics {
  /** TP / (TP + FP); `NaN` when the class was never predicted. */
  precision: number;
  /** TP / (TP + FN); `NaN` when the class never occurs in the reference. */
  recall: number;
  /** 2TP / (2TP + FP + FN); `NaN` only when the class occurs in neither reference nor prediction. */
  f1: number;
  /** Number of reference items of the class (TP + FN). */
  support: number;
}

/**
 * Fraction of items whose prediction equals the reference: (1/n) Σ [a_i = b_i].
 * Source: standard definition, e.g. Manning, Raghavan & Schütze (2008) "Introduction to Information
 * Retrieval", §8.3.
 * @throws StatsError `STATS_LENGTH_MISMATCH`, `STATS_EMPTY`, `STATS_INVALID_LABEL`
 */
export function accuracy(reference: readonly Label[], predicted: readonly Label[]): number {
  assertPairedLabels('accuracy', reference, predicted, 'reference', 'predicted');
  let hits = 0;
  for (let i = 0; i < reference.length; i++) if (reference[i] === predicted[i]) hits++;
  return hits / reference.length;
}

/**
 * Confusion matrix, rows = reference, columns = predicted, in the order of `labels` (default: sorted
 * union of labels seen in either input, see `compareLabels`). Unobserved `labels` get zero rows/columns.
 * Source: Kohavi & Provost (1998) "Glossary of terms", Machine Learning 30, 271–274 ("confusion matrix").
 * @throws StatsError `STATS_LENGTH_MISMATCH`, `STATS_EMPTY`, `STATS_INVALID_LABEL`,
 *   `STATS_UNKNOWN_LABEL`, `STATS_DUPLICATE_LABEL`
 */
export function confusionMatrix(reference: readonly Label[], predicted: readonly Label[], labels?: readonly Label[]): ConfusionMatrix {
  return confusion('confusionMatrix', reference, predicted, labels);
}

function confusion(fn: string, reference: readonly Label[], predicted: readonly Label[], labels?: readonly Label[]): ConfusionMatrix {
  assertPairedLabels(fn, reference, predicted, 'reference', 'predicted');
  const set = resolveLabels(fn, [...reference, ...predicted], labels);
  const matrix = set.labels.map(() => set.labels.map(() => 0));
  for (let i = 0; i < reference.length; i++) {
    matrix[set.index.get(reference[i]!)!]![set.index.get(predicted[i]!)!]! += 1;
  }
  return { labels: set.labels, matrix };
}

/**
 * Precision, recall, F1 and support for every label (all of `labels` when given, else every label seen
 * in either input), keyed by `String(label)`.
 *
 *   precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN)
 *
 * Source: van Rijsbergen (1979) "Information Retrieval", ch. 7 (F-measure with β = 1); the 2TP form
 * equals the harmonic mean of precision and recall whenever both are defined.
 *
 * Degenerate cases: precision is `NaN` for a class never predicted, recall is `NaN` for a class absent
 * from the reference; F1 is 0 when the class occurs somewhere but never correctly, and `NaN` only for
 * a class that occurs nowhere (listed in `labels` only).
 * @throws StatsError as {@link confusionMatrix}, and `STATS_DUPLICATE_LABEL` when two labels print the
 *   same (e.g. `1` and `'1'`), since they would share a key
 */
export function perClass(reference: readonly Label[], predicted: readonly Label[], labels?: readonly Label[]): Record<string, ClassMetrics> {
  const fn = 'perClass';
  const cm = confusion(fn, reference, predicted, labels);
  const out: Record<string, ClassMetrics> = {};
  cm.labels.forEach((label, i) => {
    const key = String(label);
    if (Object.hasOwn(out, key)) {
      throw new StatsError('STATS_DUPLICATE_LABEL', `${fn}: labels ${describeValue(label)} and another label share the key ${JSON.stringify(key)}`);
    }
    const tp = cm.matrix[i]![i]!;
    const support = cm.matrix[i]!.reduce((s, v) => s + v, 0);
    const predictedCount = cm.matrix.reduce((s, row) => s + row[i]!, 0);
    const fn_ = support - tp;
    const fp = predictedCount - tp;
    out[key] = {
      precision: predictedCount === 0 ? Number.NaN : tp / predictedCount,
      recall: support === 0 ? Number.NaN : tp / support,
      f1: 2 * tp + fp + fn_ === 0 ? Number.NaN : (2 * tp) / (2 * tp + fp + fn_),
      support,
    };
  });
  return out;
}

/**
 * Unweighted average recall (UAR, macro-averaged recall): the mean of per-class recall over the classes
 * that occur in the reference. Classes only predicted (or only listed in `labels`) are not averaged, so
 * chance level is 1/(number of reference classes) whatever the class balance.
 * Source: Schuller, Steidl & Batliner (2009) "The INTERSPEECH 2009 Emotion Challenge" (UAR as the
 * challenge measure); Rosenberg (2012) "Classifying skewed data: importance weighting to optimize
 * average recall", Interspeech.
 * @throws StatsError as {@link confusionMatrix}
 */
export function macroRecall(reference: readonly Label[], predicted: readonly Label[], labels?: readonly Label[]): number {
  const cm = confusion('macroRecall', reference, predicted, labels);
  let sum = 0;
  let classes = 0;
  cm.matrix.forEach((row, i) => {
    const support = row.reduce((s, v) => s + v, 0);
    if (support === 0) return;
    sum += row[i]! / support;
    classes++;
  });
  return sum / classes;
}
