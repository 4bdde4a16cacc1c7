import type { Criterion } from '../rubric/schema.js';
import {
  accuracy,
  bootstrapCi,
  cohenKappa,
  confusionMatrix,
  krippendorffAlpha,
  macroRecall,
  meanAbsoluteError,
  spearman,
  type Label,
} from './stats/index.js';
import { normaliseHumanLabel, type CalibrationItem } from './calibration-item.js';
import { humanBaseline, humanRatioGate, MIN_RATERS_FOR_BASELINE, type HumanBaseline, type HumanBaselineOptions, type HumanRatioGate } from './human-baseline.js';
import { judgeLabel, labelSet, referenceLevel, referenceOf, usableHumanLabel } from './criterion-labels.js';

/** Below this many items a 95% interval is too wide to act on; the report says so. */
export const SMALL_N = 30;

export const STATISTICS = ['accuracy', 'kappa', 'weighted_kappa', 'alpha', 'uar', 'spearman', 'mae'] as const;
export type Statistic = (typeof STATISTICS)[number];

export interface GateResult {
  /** The statistic gated: `weighted_kappa` (quadratic) for scales, `kappa` otherwise. */
  statistic: 'kappa' | 'weighted_kappa';
  min_kappa: number;
  /** Lower bound of the 95% CI; the gate passes only if it clears `min_kappa`. */
  low: number | null;
  passed: boolean;
}

export interface CriterionAgreement {
  kind: Criterion['kind'];
  /** Items with both a reference label and a judge value. */
  n: number;
  /** Share of each reference label among the n items. */
  prevalence: Record<string, number>;
  accuracy: number | null;
  kappa: number | null;
  weighted_kappa: number | null;
  alpha: number | null;
  uar: number | null;
  spearman: number | null;
  mae: number | null;
  ci95: Partial<Record<Statistic, [number | null, number | null]>>;
  /** Krippendorff's alpha among the human raters (all of them, with each other). */
  human_alpha: number | null;
  /**
   * The fair comparison: a held-out rater and the judge, each against the same reference made from the other
   * raters (items with ≥ 3 raters); null when no item has 3 raters.
   */
  human_baseline: HumanBaseline | null;
  /** `calibration.min_human_ratio` / `--min-human-ratio`: the lower CI bound of human_baseline.ratio must reach it. */
  human_ratio_gate: HumanRatioGate | null;
  raters: number;
  confusion: { labels: Label[]; matrix: number[][] };
  gate: GateResult | null;
  /** Up to ten transcript ids with the largest judge–reference disagreement. */
  worst: string[];
  /** Items left out, by reason. */
  excluded: { judge_error: number; no_reference: number; judge_na: number };
  warnings: string[];
}

interface Pair {
  id: string;
  ref: Label;
  /** Scale reference rounded to a level, for kappa and the confusion matrix. */
  refLevel: Label;
  judge: Label;
}

export interface AgreementOptions {
  /** Gate threshold from `--min-kappa`; the criterion's own `calibration.min_kappa` wins. */
  minKappa?: number;
  /** Gate threshold from `--min-human-ratio`; the criterion's own `calibration.min_human_ratio` wins. */
  minHumanRatio?: number;
  iterations?: number;
  seed?: number;
  /** Hold-out draws of the human baseline (default 20). */
  draws?: number;
}

/** Agreement of a judge with the human reference on one criterion, with bootstrap 95% intervals. */
export function criterionAgreement(criterion: Criterion, items: readonly CalibrationItem[], opts: AgreementOptions = {}): CriterionAgreement {
  const scale = criterion.kind === 'scale';
  const labels = labelSet(criterion);
  const excluded = { judge_error: 0, no_reference: 0, judge_na: 0 };
  const pairs: Pair[] = [];
  const allowed = new Set(labels.map(String));
  for (const item of items) {
    const ref = referenceOf(
      criterion,
      item.raters.map((r) => usableHumanLabel(criterion, r.value, allowed)),
    );
    if (ref === null) {
      excluded.no_reference += 1;
      continue;
    }
    const answer = judgeLabel(criterion, item.judge);
    if ('excluded' in answer) {
      excluded[answer.excluded] += 1;
      continue;
    }
    pairs.push({ id: item.id, ref, refLevel: referenceLevel(criterion, ref), judge: answer.label });
  }

  const stats = statisticFunctions(criterion, labels);
  const ci95: CriterionAgreement['ci95'] = {};
  const point: Partial<Record<Statistic, number | null>> = {};
  for (const [name, fn] of Object.entries(stats) as [Statistic, (p: Pair[]) => number][]) {
    if (pairs.length === 0) {
      point[name] = null;
      ci95[name] = [null, null];
      continue;
    }
    const ci = bootstrapCi(pairs, (sample) => safe(fn, sample), { iterations: opts.iterations ?? 1000, seed: opts.seed ?? 42 });
    point[name] = finite(ci.estimate);
    ci95[name] = [finite(ci.low), finite(ci.high)];
  }

  const warnings: string[] = [];
  if (pairs.length < SMALL_N) warnings.push(`n = ${pairs.length} is too small for the 95% intervals to mean much (aim for ≥ ${SMALL_N})`);
  const minKappa = criterion.calibration?.min_kappa ?? opts.minKappa;
  const gateStat = scale ? 'weighted_kappa' : 'kappa';
  const gate: GateResult | null =
    minKappa === undefined
      ? null
      : { statistic: gateStat, min_kappa: minKappa, low: ci95[gateStat]?.[0] ?? null, passed: (ci95[gateStat]?.[0] ?? -Infinity) >= minKappa };

  const { human_alpha, raters } = humanAgreement(criterion, items);
  const baselineOpts: HumanBaselineOptions = { iterations: opts.iterations ?? 1000, seed: opts.seed ?? 42 };
  if (opts.draws !== undefined) baselineOpts.draws = opts.draws;
  const human_baseline = humanBaseline(criterion, items, baselineOpts);
  const minRatio = criterion.calibration?.min_human_ratio ?? opts.minHumanRatio;
  if (minRatio !== undefined && human_baseline === null) {
    warnings.push(`min_human_ratio ${minRatio} cannot be checked: no item has ${MIN_RATERS_FOR_BASELINE} or more raters (the gate fails)`);
  }
  const prevalence: Record<string, number> = {};
  for (const p of pairs) prevalence[String(p.refLevel)] = (prevalence[String(p.refLevel)] ?? 0) + 1;
  for (const k of Object.keys(prevalence)) prevalence[k] = round3(prevalence[k]! / pairs.length);

  return {
    kind: criterion.kind,
    n: pairs.length,
    prevalence,
    accuracy: point.accuracy ?? null,
    kappa: point.kappa ?? null,
    weighted_kappa: point.weighted_kappa ?? null,
    alpha: point.alpha ?? null,
    uar: point.uar ?? null,
    spearman: point.spearman ?? null,
    mae: point.mae ?? null,
    ci95,
    human_alpha,
    human_baseline,
    human_ratio_gate: humanRatioGate(human_baseline, minRatio),
    raters,
    confusion: pairs.length
      ? confusionMatrix(
          pairs.map((p) => p.refLevel),
          pairs.map((p) => p.judge),
          labels,
        )
      : { labels, matrix: [] },
    gate,
    worst: worstItems(pairs, scale),
    excluded,
    warnings,
  };
}

function statisticFunctions(c: Criterion, labels: Label[]): Partial<Record<Statistic, (p: Pair[]) => number>> {
  const refL = (p: Pair[]) => p.map((x) => x.refLevel);
  const jud = (p: Pair[]) => p.map((x) => x.judge);
  const common = {
    accuracy: (p: Pair[]) => accuracy(refL(p), jud(p)),
    kappa: (p: Pair[]) => cohenKappa(refL(p), jud(p), { labels }),
    uar: (p: Pair[]) => macroRecall(refL(p), jud(p), labels),
  };
  if (c.kind !== 'scale') {
    return { ...common, alpha: (p: Pair[]) => krippendorffAlpha([refL(p), jud(p)], { level: 'nominal' }) };
  }
  const num = (p: Pair[]) => p.map((x) => x.ref as number);
  const jnum = (p: Pair[]) => p.map((x) => x.judge as number);
  return {
    ...common,
    weighted_kappa: (p: Pair[]) => cohenKappa(refL(p), jud(p), { weights: 'quadratic', labels }),
    alpha: (p: Pair[]) => krippendorffAlpha([num(p), jnum(p)], { level: 'interval' }),
    spearman: (p: Pair[]) => spearman(num(p), jnum(p)),
    mae: (p: Pair[]) => meanAbsoluteError(num(p), jnum(p)),
  };
}

/** Alpha among the human raters (interval for scales, nominal otherwise); null with fewer than 2 raters. */
function humanAgreement(c: Criterion, items: readonly CalibrationItem[]): { human_alpha: number | null; raters: number } {
  const raterNames = [...new Set(items.flatMap((i) => i.raters.map((r) => r.rater)))];
  if (raterNames.length < 2) return { human_alpha: null, raters: raterNames.length };
  const scale = c.kind === 'scale';
  const data = raterNames.map((name) =>
    items.map((item) => {
      const r = item.raters.find((x) => x.rater === name);
      if (!r) return null;
      const v = normaliseHumanLabel(r.value);
      if (scale) return typeof v === 'number' ? v : null;
      return String(v);
    }),
  );
  return { human_alpha: finite(safe(() => krippendorffAlpha(data, { level: scale ? 'interval' : 'nominal' }), undefined)), raters: raterNames.length };
}

function worstItems(pairs: readonly Pair[], scale: boolean): string[] {
  const gap = (p: Pair) => (scale ? Math.abs((p.ref as number) - (p.judge as number)) : p.refLevel === p.judge ? 0 : 1);
  return pairs
    .filter((p) => gap(p) > 0)
    .sort((a, b) => gap(b) - gap(a) || a.id.localeCompare(b.id))
    .slice(0, 10)
    .map((p) => p.id);
}

/** A statistic that cannot be computed on a sample (degenerate input) is NaN, never an exception. */
function safe<T>(fn: (x: T) => number, x: T): number {
  try {
    return fn(x);
  } catch {
    return Number.NaN;
  }
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? round3(x) : null;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
