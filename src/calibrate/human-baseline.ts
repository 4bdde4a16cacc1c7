import type { Criterion } from '../rubric/schema.js';
import type { CalibrationItem } from './calibration-item.js';
import { judgeLabel, labelSet, referenceLevel, referenceOf, usableHumanLabel } from './criterion-labels.js';
import {
  addPairCounts,
  emptyPairCounts,
  intervalAlphaFromCounts,
  kappaFromCounts,
  nominalAlphaFromCounts,
  spearmanFromCounts,
  type PairCounts,
} from './stats/pair-counts.js';
import { mulberry32, quantileSorted, type Label } from './stats/index.js';

/** Items need this many raters: one held out, and at least two left to make a reference. */
export const MIN_RATERS_FOR_BASELINE = 3;

export const BASELINE_STATISTICS = ['alpha', 'kappa', 'weighted_kappa', 'spearman'] as const;
export type BaselineStatistic = (typeof BASELINE_STATISTICS)[number];

export interface HumanRatioGate {
  min_human_ratio: number;
  /** Lower bound of the ratio's 95% CI (null: no baseline); the gate passes only if it clears `min_human_ratio`. */
  low: number | null;
  passed: boolean;
}

/** The `min_human_ratio` gate on a baseline; it fails when there is no baseline to check. */
export function humanRatioGate(baseline: HumanBaseline | null, minHumanRatio: number | undefined): HumanRatioGate | null {
  if (minHumanRatio === undefined) return null;
  const low = baseline?.ci95.ratio?.[0] ?? null;
  return { min_human_ratio: minHumanRatio, low, passed: low !== null && low >= minHumanRatio };
}

/**
 * "Is this judge as good as one more of my raters?" On every item with ≥ 3 raters one rater is held out; the
 * reference is the median (scales) or majority (categories) of the others; the held-out rater and the judge are
 * each compared with that same reference. Repeated over `draws` hold-outs and pooled.
 */
export interface HumanBaseline {
  method: 'leave-one-rater-out';
  draws: number;
  seed: number;
  /** Items with ≥ 3 raters and a usable judge answer. */
  items: number;
  /** (item, draw) comparisons pooled into the statistics (a category draw whose other raters tie is left out). */
  pairs: number;
  /** The held-out human's agreement with the reference of the others. */
  alpha: number | null;
  kappa: number | null;
  /** Quadratic-weighted, scales only. */
  weighted_kappa: number | null;
  /** Scales only. */
  spearman: number | null;
  /** The judge's agreement with the same references. */
  judge_alpha: number | null;
  judge_kappa: number | null;
  judge_weighted_kappa: number | null;
  judge_spearman: number | null;
  /** judge_alpha / alpha: 1.0 means "as good as one more human"; null when the human alpha is not positive. */
  ratio: number | null;
  ratio_statistic: 'alpha';
  ci95: Partial<Record<BaselineStatistic | `judge_${BaselineStatistic}` | 'ratio', [number | null, number | null]>>;
}

export interface HumanBaselineOptions {
  draws?: number;
  seed?: number;
  iterations?: number;
}

/** One held-out comparison: the reference of the other raters, the held-out rater's label, the judge's label. */
interface Comparison {
  ref: Label;
  refLevel: Label;
  human: Label;
  judge: Label;
}

/**
 * The held-out-human baseline of one criterion, or null when no item has ≥ 3 raters and a usable judge answer.
 *
 * Hold-outs: each item's raters are shuffled once (seeded Fisher–Yates, mulberry32); draw d holds out the rater
 * at position d mod k. So with `draws` ≥ k every rater of an item is held out, each ⌊draws/k⌋ or ⌈draws/k⌉ times
 * (balanced, unlike independent draws). Raters whose label is unusable (N/A on a scale, an unknown label) are
 * left out of the item first. A draw whose remaining raters tie (categories) has no reference and is skipped for
 * the human and the judge alike.
 *
 * Statistics are computed on all comparisons pooled (so the point estimate does not depend on the seed once
 * every rater is held out equally often), exactly, from count tables (`stats/pair-counts.ts`). CIs: percentile
 * bootstrap over items (an item carries all its draws; `iterations` resamples, seeded), the human, judge and ratio
 * figures computed on the same resamples.
 */
export function humanBaseline(criterion: Criterion, items: readonly CalibrationItem[], opts: HumanBaselineOptions = {}): HumanBaseline | null {
  const draws = opts.draws ?? 20;
  const seed = opts.seed ?? 42;
  const random = mulberry32(seed);
  const allowed = new Set(labelSet(criterion).map(String));
  const clusters: Comparison[][] = [];
  for (const item of items) {
    const raters = item.raters.map((r) => usableHumanLabel(criterion, r.value, allowed)).filter((l): l is Label => l !== null);
    if (raters.length < MIN_RATERS_FOR_BASELINE) continue;
    const answer = judgeLabel(criterion, item.judge);
    if ('excluded' in answer) continue;
    const order = shuffle(raters, random);
    const comparisons: Comparison[] = [];
    for (let d = 0; d < draws; d++) {
      const out = d % order.length;
      const ref = referenceOf(
        criterion,
        order.filter((_, i) => i !== out),
      );
      if (ref === null) continue;
      comparisons.push({ ref, refLevel: referenceLevel(criterion, ref), human: order[out]!, judge: answer.label });
    }
    if (comparisons.length) clusters.push(comparisons);
  }
  if (clusters.length === 0) return null;

  const tables = countTables(criterion, clusters);
  const compute = figures(criterion, tables.rowLevels);
  const point = compute(tables.sum(tables.clusters.map((_, i) => i)));
  const iterations = opts.iterations ?? 1000;
  const samples = new Map<string, number[]>();
  if (clusters.length >= 2) {
    const rnd = mulberry32(seed);
    const picks = new Array<number>(clusters.length);
    for (let it = 0; it < iterations; it++) {
      for (let i = 0; i < clusters.length; i++) picks[i] = Math.floor(rnd() * clusters.length);
      for (const [k, v] of Object.entries(compute(tables.sum(picks)))) {
        if (v === null) continue;
        if (!samples.has(k)) samples.set(k, []);
        samples.get(k)!.push(v);
      }
    }
  }
  const ci95: HumanBaseline['ci95'] = {};
  for (const k of Object.keys(point) as (keyof HumanBaseline['ci95'])[]) {
    if (point[k] === null) continue;
    const s = (samples.get(k) ?? []).sort((a, b) => a - b);
    ci95[k] = s.length ? [round3(quantileSorted(s, 0.025)), round3(quantileSorted(s, 0.975))] : [null, null];
  }
  return {
    method: 'leave-one-rater-out',
    draws,
    seed,
    items: clusters.length,
    pairs: clusters.reduce((n, c) => n + c.length, 0),
    alpha: r3(point.alpha),
    kappa: r3(point.kappa),
    weighted_kappa: r3(point.weighted_kappa),
    spearman: r3(point.spearman),
    judge_alpha: r3(point.judge_alpha),
    judge_kappa: r3(point.judge_kappa),
    judge_weighted_kappa: r3(point.judge_weighted_kappa),
    judge_spearman: r3(point.judge_spearman),
    ratio: r3(point.ratio),
    ratio_statistic: 'alpha',
    ci95,
  };
}

type Figures = Record<BaselineStatistic | `judge_${BaselineStatistic}` | 'ratio', number | null>;

/** The held-out human's and the judge's comparisons with the reference, as counts (rows: reference values). */
interface SideCounts {
  human: PairCounts<Label, Label>;
  judge: PairCounts<Label, Label>;
}

/**
 * One pair of count tables per item (cluster), over shared value lists: rows are the distinct reference values
 * (for scales the median may fall between levels, e.g. 3.5), columns the criterion's labels. `sum` adds the
 * tables of the given clusters (repeats allowed: a bootstrap resample).
 */
function countTables(c: Criterion, clusters: readonly Comparison[][]) {
  const labels = labelSet(c);
  const rows: Label[] =
    c.kind === 'scale'
      ? [...new Set(clusters.flat().map((x) => x.ref as number))].sort((x, y) => x - y)
      : labels.map(String);
  const cols: Label[] = c.kind === 'scale' ? labels : labels.map(String);
  const rowIndex = new Map(rows.map((v, i) => [v, i]));
  const colIndex = new Map(cols.map((v, i) => [v, i]));
  const levelIndex = new Map(labels.map((v, i) => [c.kind === 'scale' ? v : String(v), i]));
  const rowLevels = rows.map((r) => levelIndex.get(referenceLevel(c, r))!);
  const perCluster: SideCounts[] = clusters.map((cs) => {
    const t: SideCounts = { human: emptyPairCounts(rows, cols), judge: emptyPairCounts(rows, cols) };
    for (const x of cs) {
      const r = rowIndex.get(c.kind === 'scale' ? x.ref : String(x.ref))!;
      t.human.counts[r]![colIndex.get(c.kind === 'scale' ? x.human : String(x.human))!]! += 1;
      t.judge.counts[r]![colIndex.get(c.kind === 'scale' ? x.judge : String(x.judge))!]! += 1;
    }
    return t;
  });
  return {
    clusters: perCluster,
    rowLevels,
    sum(picks: readonly number[]): SideCounts {
      const out: SideCounts = { human: emptyPairCounts(rows, cols), judge: emptyPairCounts(rows, cols) };
      for (const i of picks) {
        addPairCounts(out.human, perCluster[i]!.human);
        addPairCounts(out.judge, perCluster[i]!.judge);
      }
      return out;
    },
  };
}

/** Every figure of the baseline from summed counts; a figure that cannot be computed is null. */
function figures(c: Criterion, rowLevels: readonly number[]): (t: SideCounts) => Figures {
  const scale = c.kind === 'scale';
  const k = labelSet(c).length;
  /** The reference rounded to a level: rows collapsed onto the label set, for kappa. */
  const byLevel = (t: PairCounts<Label, Label>): PairCounts<number, number> => {
    const levels = Array.from({ length: k }, (_, i) => i);
    const out = emptyPairCounts(levels, levels);
    t.counts.forEach((row, i) => row.forEach((n, j) => (out.counts[rowLevels[i]!]![j]! += n)));
    return out;
  };
  const of = (t: PairCounts<Label, Label>) => {
    const levels = byLevel(t);
    return {
      alpha: finiteOrNull(scale ? intervalAlphaFromCounts(t as PairCounts<number, number>) : nominalAlphaFromCounts(t as PairCounts<string, string>)),
      kappa: finiteOrNull(kappaFromCounts(levels)),
      weighted_kappa: scale ? finiteOrNull(kappaFromCounts(levels, 'quadratic')) : null,
      spearman: scale ? finiteOrNull(spearmanFromCounts(t as PairCounts<number, number>)) : null,
    };
  };
  return (t) => {
    const h = of(t.human);
    const j = of(t.judge);
    return {
      ...h,
      judge_alpha: j.alpha,
      judge_kappa: j.kappa,
      judge_weighted_kappa: j.weighted_kappa,
      judge_spearman: j.spearman,
      ratio: h.alpha !== null && j.alpha !== null && h.alpha > 0 ? j.alpha / h.alpha : null,
    };
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function shuffle<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function r3(x: number | null): number | null {
  return x === null ? null : round3(x);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
