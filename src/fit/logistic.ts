import { standardise, standardiser } from './linear-algebra.js';

export interface LogisticModel {
  mean: number[];
  sd: number[];
  labels: string[];
  /** One weight row per label (softmax). */
  weights: number[][];
  intercepts: number[];
}

/**
 * Multinomial logistic regression with an L2 penalty (λ/2·‖W‖², intercepts unpenalised) on standardised features,
 * classes weighted inversely to their frequency (so a 66 % majority class does not swallow the rest), fitted by
 * full-batch gradient descent for a fixed number of steps from zero: deterministic.
 * Source: e.g. Hastie, Tibshirani & Friedman (2009) "The Elements of Statistical Learning", §4.4.
 */
export function fitLogistic(x: readonly number[][], y: readonly string[], lambda: number, steps = 400, rate = 0.5): LogisticModel {
  const labels = [...new Set(y)].sort();
  const st = standardiser(x);
  const z = x.map((r) => standardise(r, st));
  const d = st.mean.length;
  const k = labels.length;
  const n = z.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map((l) => y.filter((v) => v === l).length);
  const weightOf = counts.map((c) => n / (k * c));
  const w = labels.map(() => new Array<number>(d).fill(0));
  const b = new Array<number>(k).fill(0);
  const totalWeight = y.reduce((s, v) => s + weightOf[index.get(v)!]!, 0);
  for (let step = 0; step < steps; step++) {
    const gw = labels.map(() => new Array<number>(d).fill(0));
    const gb = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const p = softmax(z[i]!, w, b);
      const yi = index.get(y[i]!)!;
      const sw = weightOf[yi]! / totalWeight;
      for (let c = 0; c < k; c++) {
        const g = (p[c]! - (c === yi ? 1 : 0)) * sw;
        gb[c]! += g;
        const row = gw[c]!;
        const zi = z[i]!;
        for (let j = 0; j < d; j++) row[j]! += g * zi[j]!;
      }
    }
    for (let c = 0; c < k; c++) {
      b[c]! -= rate * gb[c]!;
      for (let j = 0; j < d; j++) w[c]![j]! -= rate * (gw[c]![j]! + (lambda / n) * w[c]![j]!);
    }
  }
  return { ...st, labels, weights: w, intercepts: b };
}

function softmax(z: readonly number[], w: readonly number[][], b: readonly number[]): number[] {
  const s = w.map((row, c) => b[c]! + row.reduce((acc, v, j) => acc + v * z[j]!, 0));
  const max = Math.max(...s);
  const e = s.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
}

export function logisticProbabilities(m: LogisticModel, row: readonly number[]): number[] {
  return softmax(standardise(row, m), m.weights, m.intercepts);
}

export function logisticPredict(m: LogisticModel, row: readonly number[]): string {
  const p = logisticProbabilities(m, row);
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return m.labels[best]!;
}
