import { describe, expect, it } from 'vitest';
import type { CalibrationItem } from '../../src/calibrate/calibration-item.js';
import { criterionAgreement } from '../../src/calibrate/criterion-agreement.js';
import { failedGates } from '../../src/calibrate/failed-gates.js';
import { humanBaseline } from '../../src/calibrate/human-baseline.js';
import { criterionSchema, type Criterion } from '../../src/rubric/schema.js';

const outcome: Criterion = criterionSchema.parse({
  id: 'outcome',
  title: 'Outcome',
  kind: 'category',
  labels: [{ id: 'r' }, { id: 'u' }],
});
const csat: Criterion = criterionSchema.parse({
  id: 'csat',
  title: 'CSAT',
  kind: 'scale',
  min: 1,
  max: 5,
  anchors: { 1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e' },
});

function item(id: string, raters: (number | string | null)[], judge: number | string | null, error = false): CalibrationItem {
  return {
    id,
    raters: raters.map((value, i) => ({ rater: `h${i}`, value })),
    judge: { value: judge, na: false, error: error ? { code: 'X' } : null },
  };
}

/**
 * Category set, 3 raters each, so draws = 3 holds every rater out exactly once per item:
 *   A [r r r] judge r: 3 × (ref r, human r, judge r)
 *   B [r r u] judge u: holding out an r leaves [r u], a tie → skipped (twice); holding out u: (ref r, human u, judge u)
 *   C [u u u] judge u: 3 × (ref u, human u, judge u)
 *   D [u u r] judge u: holding out r: (ref u, human r, judge u); the other two tie → skipped
 *   E [r u]   two raters only → not in the baseline;  F [r r r] judge error → not in the baseline
 * 8 comparisons. Human vs ref: (r,r)×3 (r,u) (u,u)×3 (u,r): p_o = 6/8, marginals ref 4/4, human 4/4, p_e = 1/2,
 *   κ = (0.75 − 0.5)/0.5 = 0.5; nominal α with 16 values, o_ru = o_ur = 2: D_o = 4/16, D_e = 2·8·8/(16·15) = 8/15,
 *   α = 1 − (1/4)/(8/15) = 17/32 = 0.53125.
 * Judge vs ref: (r,r)×3 (r,u) (u,u)×4: p_o = 7/8, judge marginals r 3 u 5, p_e = (4·3 + 4·5)/64 = 1/2, κ = 0.75;
 *   o_ru = o_ur = 1, n_r = 7, n_u = 9: D_o = 2/16, D_e = 2·7·9/240 = 0.525, α = 1 − 0.125/0.525 = 16/21 = 0.761905.
 * Ratio α = (16/21)/(17/32) = 512/357 = 1.434174.
 */
const categorySet = [
  item('A', ['r', 'r', 'r'], 'r'),
  item('B', ['r', 'r', 'u'], 'u'),
  item('C', ['u', 'u', 'u'], 'u'),
  item('D', ['u', 'u', 'r'], 'u'),
  item('E', ['r', 'u'], 'r'),
  item('F', ['r', 'r', 'r'], null, true),
];

/**
 * Scale set: X [2 3 4] judge 3: hold out 2 → ref median(3,4) = 3.5; hold out 3 → ref 3; hold out 4 → ref 2.5.
 *            Y [4 4 4] judge 5: 3 × ref 4, human 4.
 * Interval α of two coders without missing values: α = 1 − (n − 1)·Σ(a − b)² / (n·Σ(v − v̄)²), n = 12 values.
 * Human pairs (3.5,2) (3,3) (2.5,4) (4,4)×3: Σd² = 4.5; values mean 3.5, Σ(v − v̄)² = 5.5: α = 1 − 11·4.5/(12·5.5) = 0.25.
 * Judge pairs (3.5,3) (3,3) (2.5,3) (4,5)×3: Σd² = 3.5; mean 3.75, Σ(v − v̄)² = 8.75: α = 1 − 11·3.5/(12·8.75) = 0.633333.
 * Ratio = 0.633333 / 0.25 = 2.533333.
 */
const scaleSet = [item('X', [2, 3, 4], 3), item('Y', [4, 4, 4], 5)];

describe('held-out-human baseline', () => {
  it('matches the hand computation on a category set (ties skipped, 2-rater and judge-error items left out)', () => {
    const b = humanBaseline(outcome, categorySet, { draws: 3, iterations: 50 })!;
    expect(b.method).toBe('leave-one-rater-out');
    expect(b.items).toBe(4);
    expect(b.pairs).toBe(8);
    expect(b.kappa).toBe(0.5);
    expect(b.judge_kappa).toBe(0.75);
    expect(b.alpha).toBeCloseTo(17 / 32, 3);
    expect(b.judge_alpha).toBeCloseTo(16 / 21, 3);
    expect(b.ratio).toBeCloseTo(512 / 357, 3);
    expect(b.weighted_kappa).toBeNull();
    expect(b.spearman).toBeNull();
  });

  it('matches the hand computation on a scale set (median of the other raters, interval α)', () => {
    const b = humanBaseline(csat, scaleSet, { draws: 3, iterations: 50 })!;
    expect(b.items).toBe(2);
    expect(b.pairs).toBe(6);
    expect(b.alpha).toBeCloseTo(0.25, 3);
    expect(b.judge_alpha).toBeCloseTo(0.6333, 3);
    expect(b.ratio).toBeCloseTo(2.5333, 2);
    expect(b.spearman).not.toBeNull();
  });

  it('gives the same pooled figures for any seed once every rater is held out equally often', () => {
    const a = humanBaseline(outcome, categorySet, { draws: 3, seed: 1, iterations: 20 })!;
    const b = humanBaseline(outcome, categorySet, { draws: 3, seed: 99, iterations: 20 })!;
    expect([a.alpha, a.kappa, a.judge_alpha, a.judge_kappa, a.ratio]).toEqual([b.alpha, b.kappa, b.judge_alpha, b.judge_kappa, b.ratio]);
    // 6 draws: every comparison twice; kappa is unchanged, alpha's small-sample term (n − 1)/n moves:
    // human D_o = 8/32, D_e = 2·16·16/(32·31) → α = 1 − 0.25·992/512 = 0.515625.
    const c = humanBaseline(outcome, categorySet, { draws: 6, seed: 5, iterations: 20 })!;
    expect(c.pairs).toBe(16);
    expect(c.kappa).toBe(0.5);
    expect(c.alpha).toBeCloseTo(0.515625, 3);
  });

  it('is deterministic for a seed with the default 20 draws, and its CIs bracket the estimates', () => {
    const big = Array.from({ length: 40 }, (_, i) => item(`i${i}`, [1 + (i % 5), 1 + ((i * 3) % 5), 1 + ((i * 7) % 5), 3], 1 + ((i * 2) % 5)));
    const a = humanBaseline(csat, big, { seed: 7, iterations: 200 })!;
    const b = humanBaseline(csat, big, { seed: 7, iterations: 200 })!;
    expect(a).toEqual(b);
    expect(a.draws).toBe(20);
    expect(a.pairs).toBe(800);
    const [lo, hi] = a.ci95.alpha!;
    expect(lo!).toBeLessThanOrEqual(a.alpha!);
    expect(hi!).toBeGreaterThanOrEqual(a.alpha!);
  });

  it('is null without any item of 3 or more raters', () => {
    expect(humanBaseline(outcome, [item('E', ['r', 'u'], 'r')])).toBeNull();
  });

  it('feeds criterionAgreement: human_alpha kept, human_baseline added, min_human_ratio gates on the lower CI bound', () => {
    // Items A–D three times over: 24 comparisons. Human: D_o = 12/48, D_e = 2·24·24/(48·47) → α = 0.510417;
    // judge: D_o = 6/48, n_r = 21, n_u = 27, D_e = 2·21·27/(48·47) → α = 0.751323; ratio 1.471989.
    const many = Array.from({ length: 12 }, (_, i) => categorySet[i % 4]!).map((x, i) => ({ ...x, id: `c${i}` }));
    const passing = criterionAgreement(outcome, many, { iterations: 200, draws: 3, minHumanRatio: 0.5 });
    expect(passing.human_alpha).not.toBeNull();
    expect(passing.human_baseline!.alpha).toBeCloseTo(0.510417, 3);
    expect(passing.human_baseline!.judge_alpha).toBeCloseTo(0.751323, 3);
    expect(passing.human_baseline!.ratio).toBeCloseTo(1.471989, 3);
    expect(passing.human_ratio_gate!.passed).toBe(true);
    const strict = { ...outcome, calibration: { min_human_ratio: 5 } } as Criterion;
    const failing = criterionAgreement(strict, many, { iterations: 200, draws: 3, minHumanRatio: 0.5 });
    expect(failing.human_ratio_gate).toMatchObject({ min_human_ratio: 5, passed: false });
    const report = { judge: 'j', eval: 'e', rubric: { id: 'r', version: '1' }, run_id: 'run', items: 12, criteria: { outcome: failing } };
    expect(failedGates(report)).toEqual([expect.stringMatching(/^outcome judge\/held-out-human α ratio lower 95% bound [\d.]+ < 5$/)]);
  });

  it('fails a min_human_ratio gate it cannot check (no item with 3 raters), and says why', () => {
    const two = [item('a', ['r', 'r'], 'r'), item('b', ['u', 'u'], 'u')];
    const c = criterionAgreement(outcome, two, { iterations: 20, minHumanRatio: 0.8 });
    expect(c.human_baseline).toBeNull();
    expect(c.human_ratio_gate).toEqual({ min_human_ratio: 0.8, low: null, passed: false });
    expect(c.warnings.join('\n')).toMatch(/cannot be checked: no item has 3 or more raters/);
  });
});
