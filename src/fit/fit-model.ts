import { labelSet, referenceLevel } from '../calibrate/criterion-labels.js';
import type { Label } from '../calibrate/stats/index.js';
import type { Criterion } from '../rubric/schema.js';
import { fitIsotonic, isotonicAt } from './isotonic.js';
import { fitLogistic, logisticPredict } from './logistic.js';
import { FEATURE_SET_VERSION, OFFLINE_FEATURES } from './offline-features.js';
import { agreementCuts, fitRidge, levelFor, ridgeScore } from './ridge.js';
import { chooseRidgeLambda, INNER_FOLDS, INNER_SEED } from './choose-lambda.js';
import { foldsOf } from './folds.js';
import type { FitKind, FitModel } from '../values/fit-model.js';

/**
 * L2 penalty of the offline logistic model (on standardised features). Fixed: chosen once from {1, 10, 50, 200} on
 * the development split (USS SGD, 2-fold) of `npm run bench:judges`. The ridge model chooses its own per fit
 * (`choose-lambda.ts`).
 */
export const FIT_LAMBDA = 50;

/** One labelled transcript for fitting: the unfitted judge's answer, the human reference, the offline signals. */
export interface FitExample {
  id: string;
  /** The human reference (median of raters for scales, possibly x.5; majority label otherwise). */
  reference: Label;
  /**
   * Scales: what regression learns from, the mean of the raters' labels (it carries more than their median: 3, 3, 4
   * and 3, 3, 3 have the same median). Absent: the reference (one survey answer).
   */
  target?: number;
  /** The unfitted judge's answer. */
  judge: Label;
  /** Offline feature vector (offline fits only). */
  features?: number[];
}

/** Which model kind a judge and criterion get: offline judges learn from signals, others map their value. */
export function fitKindFor(criterion: Criterion, offline: boolean): FitKind {
  const scale = criterion.kind === 'scale';
  if (offline) return scale ? 'offline-linear' : 'offline-logistic';
  return scale ? 'isotonic' : 'relabel';
}

export function trainFit(kind: FitKind, criterion: Criterion, examples: readonly FitExample[]): FitModel {
  switch (kind) {
    case 'offline-linear': {
      const x = examples.map((e) => e.features!);
      const y = examples.map((e) => e.target ?? (e.reference as number));
      const lambda = chooseRidgeLambda(x, y, foldsOf(x.length, Math.min(INNER_FOLDS, x.length), INNER_SEED));
      const m = fitRidge(x, y, lambda);
      const levels = labelSet(criterion) as number[];
      const scores = x.map((r) => ridgeScore(m, r));
      const cuts = agreementCuts(
        scores,
        examples.map((e) => e.reference as number),
        levels,
      );
      return { kind, feature_set: FEATURE_SET_VERSION, features: [...OFFLINE_FEATURES], ...m, levels, cuts: cuts.map(bounded), lambda };
    }
    case 'offline-logistic': {
      const m = fitLogistic(
        examples.map((e) => e.features!),
        examples.map((e) => String(e.reference)),
        FIT_LAMBDA,
      );
      return { kind, feature_set: FEATURE_SET_VERSION, features: [...OFFLINE_FEATURES], ...m, lambda: FIT_LAMBDA };
    }
    case 'isotonic': {
      if (criterion.kind !== 'scale') throw new Error('isotonic fits need a scale criterion');
      return {
        kind,
        points: fitIsotonic(
          examples.map((e) => e.judge as number),
          examples.map((e) => e.reference as number),
        ),
        min: criterion.min,
        max: criterion.max,
      };
    }
    case 'relabel': {
      const byJudge = new Map<string, Map<string, number>>();
      for (const e of examples) {
        const m = byJudge.get(String(e.judge)) ?? new Map<string, number>();
        m.set(String(e.reference), (m.get(String(e.reference)) ?? 0) + 1);
        byJudge.set(String(e.judge), m);
      }
      const map: Record<string, string> = {};
      for (const [j, m] of [...byJudge.entries()].sort()) {
        // most frequent; ties keep the judge's own label if it is among them, else the first in label order
        const top = Math.max(...m.values());
        const tied = [...m.entries()].filter(([, c]) => c === top).map(([l]) => l).sort();
        map[j] = tied.includes(j) ? j : tied[0]!;
      }
      return { kind, map };
    }
  }
}

/** The fitted answer for one transcript: from its offline features, or from the unfitted judge's value. */
export function predictFit(model: FitModel, input: { features?: readonly number[]; value: Label }): Label {
  switch (model.kind) {
    case 'offline-linear':
      return levelFor(ridgeScore(model, input.features!), model.cuts, model.levels);
    case 'offline-logistic':
      return logisticPredict(model, input.features!);
    case 'isotonic': {
      const y = isotonicAt(model.points, input.value as number);
      return Math.min(model.max, Math.max(model.min, Math.floor(y + 0.5)));
    }
    case 'relabel':
      return model.map[String(input.value)] ?? input.value;
  }
}

/** One line saying what a model is, for `fit`, rationales and `audit`. */
export function describeFit(model: FitModel): string {
  switch (model.kind) {
    case 'offline-linear': {
      const top = topWeights(model.features, model.weights);
      return `ridge regression on ${model.features.length} offline signals (λ ${model.lambda}, chosen by ${INNER_FOLDS}-fold inner cross-validation), cut points ${model.cuts.map((c) => (Math.abs(c) >= 1e9 ? '-' : c.toFixed(2))).join(' / ')}; largest weights ${top}`;
    }
    case 'offline-logistic':
      return `class-balanced logistic regression on ${model.features.length} offline signals (λ ${model.lambda}) over ${model.labels.join(', ')}`;
    case 'isotonic':
      return `isotonic map ${model.points.map((p) => `${p.x}→${p.y.toFixed(2)}`).join(', ')} (rounded half up)`;
    case 'relabel':
      return `relabel ${Object.entries(model.map).map(([a, b]) => `${a}→${b}`).join(', ')}`;
  }
}

function topWeights(names: readonly string[], weights: readonly number[]): string {
  return weights
    .map((w, i) => ({ w, name: names[i]! }))
    .sort((a, b) => Math.abs(b.w) - Math.abs(a.w))
    .slice(0, 4)
    .map((x) => `${x.name} ${x.w >= 0 ? '+' : '−'}${Math.abs(x.w).toFixed(2)}`)
    .join(', ');
}

function bounded(x: number): number {
  return Math.max(-1e9, Math.min(1e9, x));
}
