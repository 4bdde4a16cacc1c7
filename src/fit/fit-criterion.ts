import type { CalibrationItem } from '../calibrate/calibration-item.js';
import { humanBaseline, type HumanBaseline } from '../calibrate/human-baseline.js';
import type { Criterion } from '../rubric/schema.js';
import { crossValidate, type CrossValidation } from './cross-validate.js';
import { trainFit, type FitExample } from './fit-model.js';
import { type FitKind, type FitModel } from '../values/fit-model.js';

/** Fewer labelled transcripts than this cannot show, in k-fold cross-validation, that a fit beats the judge. */
export const MIN_FIT_LABELS = 30;

export type FitRefusalCode = 'FIT_TOO_FEW_LABELS' | 'FIT_NO_GAIN';

export interface FitOutcome {
  kind: FitKind;
  n: number;
  cv: CrossValidation | null;
  /** The held-out-human baseline (items with ≥ 3 raters) for the unfitted judge and for the out-of-fold fitted answers. */
  baseline: { before: HumanBaseline; after: HumanBaseline } | null;
  /** Trained on every example; null when refused. */
  model: FitModel | null;
  refused: { code: FitRefusalCode; reason: string } | null;
}

export interface FitCriterionOptions {
  folds?: number;
  seed?: number;
  /** Bootstrap resamples of the baseline CIs. */
  iterations?: number;
  /** Each example's raters, for the held-out-human baseline. */
  raters?: Map<string, CalibrationItem['raters']>;
}

/**
 * Cross-validates a fit of `kind`, then trains it on every example unless it is refused: fewer than
 * {@link MIN_FIT_LABELS} examples, or out-of-fold agreement (α for scales, κ otherwise) not above the unfitted judge's.
 */
export function fitCriterion(criterion: Criterion, kind: FitKind, examples: readonly FitExample[], opts: FitCriterionOptions = {}): FitOutcome {
  const n = examples.length;
  if (n < MIN_FIT_LABELS) {
    return {
      kind,
      n,
      cv: null,
      baseline: null,
      model: null,
      refused: {
        code: 'FIT_TOO_FEW_LABELS',
        reason: `${n} labelled transcript(s) for ${criterion.id}: a fit needs at least ${MIN_FIT_LABELS} to show in cross-validation that it beats the unfitted judge`,
      },
    };
  }
  const cv = crossValidate(kind, criterion, examples, { folds: opts.folds ?? 5, seed: opts.seed ?? 42 });
  const baseline = opts.raters ? baselines(criterion, examples, cv, opts.raters, opts) : null;
  const stat = cv.statistic;
  const before = cv.before[stat];
  const after = cv.after[stat];
  if (after === null || (before !== null && after <= before)) {
    return {
      kind,
      n,
      cv,
      baseline,
      model: null,
      refused: {
        code: 'FIT_NO_GAIN',
        reason: `the fitted model does not beat the unfitted judge in ${cv.folds}-fold cross-validation (${stat} ${fmt(after)} vs ${fmt(before)} on ${n} labels): nothing stored; more labels may help`,
      },
    };
  }
  return { kind, n, cv, baseline, model: trainFit(kind, criterion, examples), refused: null };
}

function baselines(
  criterion: Criterion,
  examples: readonly FitExample[],
  cv: CrossValidation,
  raters: Map<string, CalibrationItem['raters']>,
  opts: FitCriterionOptions,
): FitOutcome['baseline'] {
  const items = (answer: (e: FitExample) => CalibrationItem['judge']) =>
    examples.map((e) => ({ id: e.id, raters: raters.get(e.id) ?? [], judge: answer(e) }));
  const o = { iterations: opts.iterations ?? 200, seed: opts.seed ?? 42 };
  const before = humanBaseline(criterion, items((e) => ({ value: e.judge, na: false, error: null })), o);
  const after = humanBaseline(criterion, items((e) => ({ value: cv.predictions.get(e.id)!, na: false, error: null })), o);
  return before && after ? { before, after } : null;
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}
