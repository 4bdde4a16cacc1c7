import { describe, expect, it } from 'vitest';
import { fitCriterion, MIN_FIT_LABELS } from '../../src/fit/fit-criterion.js';
import { crossValidate } from '../../src/fit/cross-validate.js';
import { chooseRidgeLambda, RIDGE_LAMBDAS } from '../../src/fit/choose-lambda.js';
import { foldsOf } from '../../src/fit/folds.js';
import { predictFit, trainFit, type FitExample } from '../../src/fit/fit-model.js';
import { fitIsotonic, isotonicAt } from '../../src/fit/isotonic.js';
import { fitLogistic, logisticPredict } from '../../src/fit/logistic.js';
import { agreementCuts, distributionCuts, fitRidge, levelFor, ridgeScore } from '../../src/fit/ridge.js';
import { krippendorffAlpha } from '../../src/calibrate/stats/index.js';
import { mulberry32 } from '../../src/calibrate/stats/index.js';
import { criterionSchema, type Criterion } from '../../src/rubric/schema.js';

const csat: Criterion = criterionSchema.parse({ id: 'csat', title: 'CSAT', kind: 'scale', min: 1, max: 5, anchors: { 1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e' } });
const outcome: Criterion = criterionSchema.parse({ id: 'outcome', title: 'Outcome', kind: 'category', labels: [{ id: 'resolved' }, { id: 'unresolved' }] });

describe('learners', () => {
  it('ridge regression: recovers y = 2x + 1 (tiny λ) and shrinks towards the mean with a large λ', () => {
    const x = [[0], [1], [2], [3], [4]];
    const y = [1, 3, 5, 7, 9];
    const m = fitRidge(x, y, 1e-9);
    expect(ridgeScore(m, [10])).toBeCloseTo(21, 5);
    // standardised x has Σz² = 5, so w = Σz·(y − ȳ)/(5 + λ): with λ = 5 the slope halves
    const half = fitRidge(x, y, 5);
    expect(ridgeScore(half, [4]) - ridgeScore(half, [0])).toBeCloseTo(4, 5);
  });

  it('distribution cut points give the training label shares', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const labels = [1, 3, 3, 3, 3, 3, 3, 3, 5, 5];
    const cuts = distributionCuts(scores, labels, [1, 2, 3, 4, 5]);
    expect(scores.map((s) => levelFor(s, cuts, [1, 2, 3, 4, 5]))).toEqual([1, 3, 3, 3, 3, 3, 3, 3, 5, 5]);
  });

  it('agreement cut points: ordered, deterministic, and at least as good (interval α on the training data) as the label shares', () => {
    const r = mulberry32(11);
    const refs = Array.from({ length: 200 }, () => (r() < 0.8 ? 3 : r() < 0.5 ? 2 : 4));
    const scores = refs.map((x) => x + (r() - 0.5) * 2.5);
    const levels = [1, 2, 3, 4, 5];
    const shares = distributionCuts(scores, refs, levels);
    const tuned = agreementCuts(scores, refs, levels);
    expect(agreementCuts(scores, refs, levels)).toEqual(tuned);
    expect([...tuned].sort((a, b) => a - b)).toEqual(tuned);
    const alpha = (cuts: number[]) => krippendorffAlpha([refs, scores.map((s) => levelFor(s, cuts, levels))], { level: 'interval' });
    expect(alpha(tuned)).toBeGreaterThanOrEqual(alpha(shares));
    expect(alpha(tuned)).toBeGreaterThan(0);
  });

  it('isotonic regression pools adjacent violators (hand example)', () => {
    // means by x: 1 → 2, 2 → 4, 3 → 3, 4 → 5: 2 and 3 violate, pooled to (4 + 3)/2 = 3.5
    const points = fitIsotonic([1, 2, 3, 4], [2, 4, 3, 5]);
    expect(points).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 3.5 },
      { x: 3, y: 3.5 },
      { x: 4, y: 5 },
    ]);
    expect(isotonicAt(points, 3.5)).toBe(4.25);
    expect(isotonicAt(points, 9)).toBe(5);
  });

  it('logistic regression separates two classes on one feature, balanced despite a 9:1 skew', () => {
    const x = [...Array.from({ length: 27 }, (_, i) => [i / 10]), [5], [5.5], [6]];
    const y = [...x.slice(0, 27).map(() => 'a'), 'b', 'b', 'b'];
    const m = fitLogistic(x, y, 1);
    expect(logisticPredict(m, [0])).toBe('a');
    expect(logisticPredict(m, [5.8])).toBe('b');
  });
});

/** Synthetic labelled set: reference = round(3 + signal) on a 1–5 scale; the "judge" sees the signal with noise. */
function synthetic(n: number, seed = 1): FitExample[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const signal = (r() - 0.5) * 3;
    const reference = Math.min(5, Math.max(1, Math.round(3 + signal)));
    const features = Array.from({ length: 27 }, (_, j) => (j === 0 ? signal + (r() - 0.5) * 0.5 : r()));
    return { id: `s${i}`, reference, judge: 3, features };
  });
}

describe('fit and cross-validation', () => {
  it('is deterministic for a seed, and a different seed splits the folds differently', () => {
    const ex = synthetic(60);
    const a = crossValidate('offline-linear', csat, ex, { folds: 5, seed: 7 });
    const b = crossValidate('offline-linear', csat, ex, { folds: 5, seed: 7 });
    expect([...a.predictions]).toEqual([...b.predictions]);
    expect(a.after).toEqual(b.after);
    const models = [trainFit('offline-linear', csat, ex), trainFit('offline-linear', csat, ex)];
    expect(models[0]).toEqual(models[1]);
    expect(a.after.alpha!).toBeGreaterThan(0.5);
    expect(a.before.alpha ?? 0).toBeLessThanOrEqual(0);
  });

  it(`refuses fewer than ${MIN_FIT_LABELS} labels (FIT_TOO_FEW_LABELS), trains nothing`, () => {
    const out = fitCriterion(csat, 'offline-linear', synthetic(MIN_FIT_LABELS - 1));
    expect(out.refused?.code).toBe('FIT_TOO_FEW_LABELS');
    expect(out.refused?.reason).toMatch(/29 labelled transcript\(s\) for csat: a fit needs at least 30/);
    expect(out.model).toBeNull();
  });

  it('refuses a fit that does not beat the unfitted judge (FIT_NO_GAIN)', () => {
    // the judge already answers the reference exactly; features are noise
    const r = mulberry32(3);
    const ex = Array.from({ length: 40 }, (_, i) => {
      const reference = 1 + (i % 5);
      return { id: `p${i}`, reference, judge: reference, features: Array.from({ length: 27 }, () => r()) };
    });
    const out = fitCriterion(csat, 'offline-linear', ex);
    expect(out.refused?.code).toBe('FIT_NO_GAIN');
    expect(out.model).toBeNull();
  });

  it('refuses per criterion: a category fit that does not beat an unfitted judge (FIT_NO_GAIN) keeps the judge', () => {
    // resolution-like: the unfitted judge is right 9 times in 10, the signals are noise
    const r = mulberry32(8);
    const ex = Array.from({ length: 60 }, (_, i) => {
      const reference = r() < 0.6 ? 'resolved' : 'unresolved';
      const judge = i % 10 === 0 ? (reference === 'resolved' ? 'unresolved' : 'resolved') : reference;
      return { id: `r${i}`, reference, judge, features: Array.from({ length: 27 }, () => r()) };
    });
    const out = fitCriterion(outcome, 'offline-logistic', ex);
    expect(out.refused?.code).toBe('FIT_NO_GAIN');
    expect(out.cv!.before.kappa!).toBeGreaterThan(out.cv!.after.kappa!);
    expect(out.model).toBeNull();
  });

  it('fits a category with logistic regression and a model judge with isotonic and relabel maps', () => {
    const r = mulberry32(5);
    const ex = Array.from({ length: 60 }, (_, i) => {
      const good = r() < 0.6;
      return { id: `c${i}`, reference: good ? 'resolved' : 'unresolved', judge: 'resolved', features: Array.from({ length: 27 }, (_, j) => (j === 4 ? (good ? 1 : 0) : r())) };
    });
    const out = fitCriterion(outcome, 'offline-logistic', ex);
    expect(out.refused).toBeNull();
    expect(predictFit(out.model!, { value: 'resolved', features: ex.find((e) => e.reference === 'unresolved')!.features! })).toBe('unresolved');

    const iso = trainFit('isotonic', csat, [1, 2, 3, 4, 5].flatMap((v) => [{ id: `i${v}`, reference: Math.max(1, v - 1), judge: v }]));
    expect([1, 2, 3, 4, 5].map((v) => predictFit(iso, { value: v }))).toEqual([1, 1, 2, 3, 4]);
    const relabel = trainFit('relabel', outcome, [
      { id: 'a', reference: 'unresolved', judge: 'resolved' },
      { id: 'b', reference: 'unresolved', judge: 'resolved' },
      { id: 'c', reference: 'resolved', judge: 'resolved' },
    ]);
    expect(predictFit(relabel, { value: 'resolved' })).toBe('unresolved');
  });
});

describe('ridge penalty chosen by inner cross-validation on the training labels', () => {
  it('picks the smallest λ for a clean linear signal and the largest for pure noise; folds are balanced and seeded', () => {
    const r = mulberry32(9);
    const x = Array.from({ length: 60 }, () => [r(), r(), r()]);
    const clean = x.map((row) => 2 * row[0]! - row[1]!);
    const noise = x.map(() => r());
    const folds = foldsOf(60, 5, 1);
    expect(folds).toEqual(foldsOf(60, 5, 1));
    expect([0, 1, 2, 3, 4].map((f) => folds.filter((v) => v === f).length)).toEqual([12, 12, 12, 12, 12]);
    expect(chooseRidgeLambda(x, clean, folds)).toBe(RIDGE_LAMBDAS[0]);
    expect(chooseRidgeLambda(x, noise, folds)).toBe(RIDGE_LAMBDAS[RIDGE_LAMBDAS.length - 1]);
  });

  it('regression learns from the mean of the raters (target) when given, not from the median reference', () => {
    // every median is 3, but the mean follows feature 0: with the target the fit has a slope, without it none
    const ex: FitExample[] = Array.from({ length: 40 }, (_, i) => ({
      id: `t${i}`,
      reference: 3,
      target: i % 2 ? 3.67 : 2.33,
      judge: 3,
      features: [i % 2, (i * 7) % 5],
    }));
    const withTarget = trainFit('offline-linear', csat, ex);
    const without = trainFit('offline-linear', csat, ex.map(({ target: _t, ...e }) => e));
    if (withTarget.kind !== 'offline-linear' || without.kind !== 'offline-linear') throw new Error('kind');
    expect(withTarget.weights[0]!).toBeGreaterThan(0.3);
    expect(without.weights.every((w) => Math.abs(w) < 1e-9)).toBe(true);
  });
});
