import type { Criterion } from '../rubric/schema.js';
import {
  accuracy,
  bootstrapCi,
  cohenKappa,
  confusionMatrix,
  krippendorffAlpha,
  macroRecall,
  majorityLabel,
  meanAbsoluteError,
  medianLabel,
  spearman,
  type Label,
} from './stats/index.js';
import { NA_LABEL, normaliseHumanLabel, type CalibrationItem } from './calibration-item.js';

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
  /** Krippendorff's alpha among the human raters: the realistic ceiling for any judge. */
  human_alpha: number | null;
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
  iterations?: number;
  seed?: number;
}

/** Agreement of a judge with the human reference on one criterion, with bootstrap 95% intervals. */
export function criterionAgreement(criterion: Criterion, items: readonly CalibrationItem[], opts: AgreementOptions = {}): CriterionAgreement {
  const scale = criterion.kind === 'scale';
  const labels = labelSet(criterion);
  const excluded = { judge_error: 0, no_reference: 0, judge_na: 0 };
  const pairs: Pair[] = [];
  for (const item of items) {
    const ref = referenceLabel(criterion, item);
    if (ref === null) {
      excluded.no_reference += 1;
      continue;
    }
    if (!item.judge || item.judge.error || (item.judge.value === null && !item.judge.na)) {
      excluded.judge_error += 1;
      continue;
    }
    const judge: Label | null = item.judge.na ? (criterion.na.allowed ? NA_LABEL : null) : item.judge.value;
    if (judge === null || (scale && judge === NA_LABEL)) {
      excluded.judge_na += 1;
      continue;
    }
    const refLevel = typeof ref === 'number' && scale ? Math.floor(ref + 0.5) : ref;
    pairs.push({ id: item.id, ref, refLevel, judge });
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

/** Every label a judge or rater may use for the criterion, in scale or rubric order. */
function labelSet(c: Criterion): Label[] {
  const base: Label[] =
    c.kind === 'scale'
      ? Array.from({ length: c.max - c.min + 1 }, (_, i) => c.min + i)
      : c.kind === 'binary' || c.kind === 'rule'
        ? ['pass', 'fail']
        : c.labels.map((l) => l.id);
  return c.na.allowed && c.kind !== 'scale' ? [...base, NA_LABEL] : base;
}

/** Median of the raters' numbers (scale) or their strict plurality label; null when there is none. */
function referenceLabel(c: Criterion, item: CalibrationItem): Label | null {
  const values = item.raters.map((r) => normaliseHumanLabel(r.value));
  if (c.kind === 'scale') {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return numbers.length ? medianLabel(numbers) : null;
  }
  const allowed = new Set(labelSet(c).map(String));
  const usable = values.map(String).filter((v) => allowed.has(v));
  return usable.length ? majorityLabel(usable) : null;
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
