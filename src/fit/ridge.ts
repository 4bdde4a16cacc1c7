import { solveLinear, standardise, standardiser } from './linear-algebra.js';

export interface RidgeModel {
  mean: number[];
  sd: number[];
  weights: number[];
  intercept: number;
}

/**
 * Ridge regression (least squares with an L2 penalty λ·‖w‖² on standardised features; the intercept is not
 * penalised): w = (XᵀX + λI)⁻¹ Xᵀ(y − ȳ), intercept ȳ. Exact and deterministic.
 * Source: Hoerl & Kennard (1970) "Ridge regression", Technometrics 12(1).
 */
export function fitRidge(x: readonly number[][], y: readonly number[], lambda: number): RidgeModel {
  const st = standardiser(x);
  const z = x.map((r) => standardise(r, st));
  const d = st.mean.length;
  const ybar = y.reduce((s, v) => s + v, 0) / y.length;
  const a = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? lambda : 0)));
  const b = new Array<number>(d).fill(0);
  z.forEach((r, n) => {
    const yc = y[n]! - ybar;
    for (let i = 0; i < d; i++) {
      b[i]! += r[i]! * yc;
      for (let j = 0; j < d; j++) a[i]![j]! += r[i]! * r[j]!;
    }
  });
  return { ...st, weights: solveLinear(a, b), intercept: ybar };
}

export function ridgeScore(m: RidgeModel, row: readonly number[]): number {
  const z = standardise(row, m);
  return m.intercept + z.reduce((s, v, j) => s + v * m.weights[j]!, 0);
}

/**
 * Cut points that give a score the label distribution of the training data: with levels l₁ < … < l_k in shares
 * p₁ … p_k, cut j is the (p₁ + … + p_j)-quantile of the training scores. A score below cut 1 is l₁, between cut 1
 * and cut 2 is l₂, and so on. (Rounding a least-squares score instead would answer the majority level for
 * nearly everything on skewed scales, where 80 % of people answer 3.)
 */
export function distributionCuts(scores: readonly number[], labels: readonly number[], levels: readonly number[]): number[] {
  const sorted = [...scores].sort((a, b) => a - b);
  const n = labels.length;
  const cuts: number[] = [];
  let cumulative = 0;
  for (let j = 0; j < levels.length - 1; j++) {
    cumulative += labels.filter((l) => l === levels[j]).length;
    const at = Math.min(n - 1, Math.max(0, Math.ceil(cumulative) - 1));
    cuts.push(cumulative === 0 ? -Infinity : cumulative >= n ? Infinity : (sorted[at]! + sorted[Math.min(n - 1, at + 1)]!) / 2);
  }
  return cuts;
}

export function levelFor(score: number, cuts: readonly number[], levels: readonly number[]): number {
  for (let j = 0; j < cuts.length; j++) if (score < cuts[j]!) return levels[j]!;
  return levels[levels.length - 1]!;
}

/** Interval α of two coders without missing values (closed form, see `stats/pair-counts.ts`). */
function intervalAlpha(a: readonly number[], b: readonly number[]): number {
  const n = 2 * a.length;
  let sum = 0;
  let sumSq = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    sum += a[i]! + b[i]!;
    sumSq += a[i]! ** 2 + b[i]! ** 2;
    d += (a[i]! - b[i]!) ** 2;
  }
  const ss = sumSq - (sum * sum) / n;
  return ss > 0 ? 1 - ((n - 1) * d) / (n * ss) : Number.NaN;
}

/**
 * Cut points chosen for agreement: starting from {@link distributionCuts}, each cut in turn is moved to the
 * training-score quantile (of 50) that gives the highest interval α between the training references and the
 * predicted levels, keeping the cuts in order; three passes. Deterministic.
 */
export function agreementCuts(scores: readonly number[], refs: readonly number[], levels: readonly number[]): number[] {
  const cuts = distributionCuts(
    scores,
    refs.map((r) => levels.reduce((best, l) => (Math.abs(l - r) < Math.abs(best - r) ? l : best), levels[0]!)),
    levels,
  );
  const sorted = [...scores].sort((a, b) => a - b);
  const candidates = [-1e9, ...Array.from({ length: 49 }, (_, i) => sorted[Math.floor(((i + 1) / 50) * (sorted.length - 1))]!), 1e9];
  const score = (cs: readonly number[]) => {
    const a = intervalAlpha(
      refs,
      scores.map((s) => levelFor(s, cs, levels)),
    );
    return Number.isNaN(a) ? -Infinity : a;
  };
  let best = score(cuts);
  for (let pass = 0; pass < 3; pass++) {
    for (let j = 0; j < cuts.length; j++) {
      const lo = j === 0 ? -Infinity : cuts[j - 1]!;
      const hi = j === cuts.length - 1 ? Infinity : cuts[j + 1]!;
      for (const c of candidates) {
        if (c < lo || c > hi || c === cuts[j]) continue;
        const trial = [...cuts];
        trial[j] = c;
        const s = score(trial);
        if (s > best + 1e-12) {
          best = s;
          cuts[j] = c;
        }
      }
    }
  }
  return cuts;
}
