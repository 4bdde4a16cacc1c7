import type { Criterion } from '../rubric/schema.js';
import { labelSet, referenceLevel } from '../calibrate/criterion-labels.js';
import { cohenKappa, krippendorffAlpha, type Label } from '../calibrate/stats/index.js';
import { foldsOf } from './folds.js';
import { predictFit, trainFit, type FitExample } from './fit-model.js';
import { type FitKind } from '../values/fit-model.js';

export interface Agreement {
  /** Interval for scales, nominal otherwise. */
  alpha: number | null;
  kappa: number | null;
  /** Quadratic-weighted; scales only. */
  weighted_kappa: number | null;
}

export interface CrossValidation {
  folds: number;
  seed: number;
  n: number;
  /** What "beats" means: interval α for scales, κ otherwise. */
  statistic: 'alpha' | 'kappa';
  before: Agreement;
  after: Agreement;
  /** Out-of-fold fitted answer per example id: each predicted by a model that never saw it. */
  predictions: Map<string, Label>;
}

/** Agreement of answers with the references (interval α and QWK for scales, nominal α and κ otherwise). */
export function agreementOf(c: Criterion, refs: readonly Label[], answers: readonly Label[]): Agreement {
  const scale = c.kind === 'scale';
  const labels = labelSet(c);
  const levels = refs.map((r) => referenceLevel(c, r));
  const safe = (fn: () => number) => {
    try {
      const x = fn();
      return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null;
    } catch {
      return null;
    }
  };
  return {
    alpha: scale
      ? safe(() => krippendorffAlpha([refs as number[], answers as number[]], { level: 'interval' }))
      : safe(() => krippendorffAlpha([refs.map(String), answers.map(String)], { level: 'nominal' })),
    kappa: safe(() => cohenKappa(levels, scale ? answers : answers.map(String), { labels: scale ? labels : labels.map(String) })),
    weighted_kappa: scale ? safe(() => cohenKappa(levels, answers, { weights: 'quadratic', labels })) : null,
  };
}

/**
 * k-fold cross-validation: examples shuffled with a seeded generator (mulberry32), example at shuffled position p
 * in fold p mod k; each fold is predicted by a model trained on the other folds. Agreement before (the unfitted
 * judge) and after (the out-of-fold predictions) is measured on the same examples.
 */
export function crossValidate(kind: FitKind, c: Criterion, examples: readonly FitExample[], opts: { folds?: number; seed?: number } = {}): CrossValidation {
  const folds = Math.min(opts.folds ?? 5, examples.length);
  const seed = opts.seed ?? 42;
  const foldOf = foldsOf(examples.length, folds, seed);
  const predictions = new Map<string, Label>();
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => foldOf[i] !== f);
    const model = trainFit(kind, c, train);
    examples.forEach((e, i) => {
      if (foldOf[i] === f) predictions.set(e.id, predictFit(model, { value: e.judge, ...(e.features ? { features: e.features } : {}) }));
    });
  }
  const refs = examples.map((e) => e.reference);
  return {
    folds,
    seed,
    n: examples.length,
    statistic: c.kind === 'scale' ? 'alpha' : 'kappa',
    before: agreementOf(
      c,
      refs,
      examples.map((e) => e.judge),
    ),
    after: agreementOf(
      c,
      refs,
      examples.map((e) => predictions.get(e.id)!),
    ),
    predictions,
  };
}
