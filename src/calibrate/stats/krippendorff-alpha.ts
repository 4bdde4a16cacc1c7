import { describeValue, isLabel, resolveLabels, type Label } from './label.js';
import { StatsError } from './stats-error.js';

/** Level of measurement, which selects the difference function δ² of Krippendorff's alpha. */
export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface KrippendorffAlphaOptions {
  level: MeasurementLevel;
  /**
   * The ordered value set. For `ordinal` it defines the order (needed for string labels such as
   * `['low', 'mid', 'high']`); without it values are sorted with `compareLabels` (numbers
   * numerically). For every level it also restricts the values allowed. Levels nobody used have
   * n_g = 0 and do not change alpha.
   */
  labels?: readonly Label[];
}

const LEVELS: readonly MeasurementLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/**
 * The coincidence matrix o_ck of reliability data (coders × units, `null`/`undefined` = missing):
 * each unit u with m_u ≥ 2 values adds, for every ordered pair of values from different coders,
 * 1 / (m_u − 1) to o[c][k]. Units with fewer than 2 values are unpairable and add nothing.
 * `index` maps each value to its row/column.
 * Source: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section E.
 */
export function coincidenceMatrix(
  data: readonly (readonly (Label | null | undefined)[])[],
  index: ReadonlyMap<Label, number>,
): number[][] {
  const size = index.size;
  const o = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const units = data[0]?.length ?? 0;
  for (let u = 0; u < units; u++) {
    const counts = new Map<number, number>();
    let m = 0;
    for (const coder of data) {
      const v = coder[u];
      if (v === null || v === undefined) continue;
      const c = index.get(v)!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    for (const [c, nc] of counts) {
      for (const [k, nk] of counts) {
        o[c]![k]! += (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
      }
    }
  }
  return o;
}

/**
 * Squared difference δ²(c, k) between the values at positions `i` and `j` of the ordered value set,
 * given the coincidence marginals `n`:
 * - nominal: 0 if equal, else 1
 * - ordinal: (Σ_{g=i..j} n_g − (n_i + n_j)/2)²
 * - interval: (c − k)²
 * - ratio: ((c − k)/(c + k))², 0 when c = k (so two zeros agree)
 * Source: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section F.
 */
export function alphaDifference(level: MeasurementLevel, values: readonly Label[], n: readonly number[], i: number, j: number): number {
  if (i === j) return 0;
  switch (level) {
    case 'nominal':
      return 1;
    case 'ordinal': {
      const lo = Math.min(i, j);
      const hi = Math.max(i, j);
      let sum = 0;
      for (let g = lo; g <= hi; g++) sum += n[g]!;
      const d = sum - (n[lo]! + n[hi]!) / 2;
      return d * d;
    }
    case 'interval': {
      const d = (values[i] as number) - (values[j] as number);
      return d * d;
    }
    case 'ratio': {
      const c = values[i] as number;
      const k = values[j] as number;
      const d = (c - k) / (c + k);
      return d * d;
    }
  }
}

/**
 * Krippendorff's alpha for any number of coders, with missing values, at the given level of
 * measurement, in the coincidence-matrix formulation:
 *
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
 *
 * where o is the {@link coincidenceMatrix}, n_c its marginals, n = Σ n_c the number of pairable
 * values, and δ² is {@link alphaDifference}.
 * Source: Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", Annenberg School for
 * Communication Departmental Papers 43, sections C–F.
 *
 * `data` is coders × units: each inner array is one coder's values for every unit (same length),
 * `null` or `undefined` meaning the coder did not code the unit.
 *
 * Degenerate cases, both returning `NaN`: no unit has 2 or more values (nothing is pairable), or the
 * expected disagreement D_e is 0 (every pairable value is the same, so there is no variation to be
 * reliable about).
 * @throws StatsError `STATS_EMPTY` (no coders or no units), `STATS_LENGTH_MISMATCH` (coders of
 *   different lengths), `STATS_INVALID_LABEL`, `STATS_UNKNOWN_LABEL`, `STATS_DUPLICATE_LABEL`,
 *   `STATS_NOT_NUMERIC` (interval/ratio with a string value or label), `STATS_INVALID_VALUE` (ratio with
 *   a negative value), `STATS_INVALID_OPTION` (unknown level)
 */
export function krippendorffAlpha(
  data: readonly (readonly (Label | null | undefined)[])[],
  opts: KrippendorffAlphaOptions,
): number {
  const fn = 'krippendorffAlpha';
  const level = opts?.level;
  if (!LEVELS.includes(level)) {
    throw new StatsError('STATS_INVALID_OPTION', `${fn}: level must be one of nominal, ordinal, interval, ratio (got ${describeValue(level)})`);
  }
  if (data.length === 0) throw new StatsError('STATS_EMPTY', `${fn}: data has no coders`);
  const units = data[0]!.length;
  data.forEach((coder, c) => {
    if (coder.length !== units) {
      throw new StatsError('STATS_LENGTH_MISMATCH', `${fn}: coder ${c} has ${coder.length} units but coder 0 has ${units}`);
    }
  });
  if (units === 0) throw new StatsError('STATS_EMPTY', `${fn}: data has no units`);

  const numeric = level === 'interval' || level === 'ratio';
  const observed: Label[] = [];
  data.forEach((coder, c) => {
    coder.forEach((v, u) => {
      if (v === null || v === undefined) return;
      if (!isLabel(v)) {
        throw new StatsError('STATS_INVALID_LABEL', `${fn}: data[${c}][${u}] is not a string, finite number or null (got ${describeValue(v)})`);
      }
      if (numeric && typeof v !== 'number') {
        throw new StatsError('STATS_NOT_NUMERIC', `${fn}: ${level} level needs numbers, data[${c}][${u}] is ${describeValue(v)}`);
      }
      if (level === 'ratio' && (v as number) < 0) {
        throw new StatsError('STATS_INVALID_VALUE', `${fn}: ratio level needs non-negative values, data[${c}][${u}] is ${v}`);
      }
      observed.push(v);
    });
  });
  const { labels, index } = resolveLabels(fn, observed, opts.labels);
  if (numeric) {
    labels.forEach((l, i) => {
      if (typeof l !== 'number') {
        throw new StatsError('STATS_NOT_NUMERIC', `${fn}: ${level} level needs numbers, labels[${i}] is ${describeValue(l)}`);
      }
      if (level === 'ratio' && l < 0) {
        throw new StatsError('STATS_INVALID_VALUE', `${fn}: ratio level needs non-negative values, labels[${i}] is ${l}`);
      }
    });
  }

  const o = coincidenceMatrix(data, index);
  const marginals = o.map((row) => row.reduce((s, v) => s + v, 0));
  const n = marginals.reduce((s, v) => s + v, 0);
  if (n === 0) return Number.NaN;

  let disagreementObserved = 0;
  let disagreementExpected = 0;
  for (let c = 0; c < labels.length; c++) {
    for (let k = 0; k < labels.length; k++) {
      const d = alphaDifference(level, labels, marginals, c, k);
      if (d === 0) continue;
      disagreementObserved += o[c]![k]! * d;
      disagreementExpected += marginals[c]! * marginals[k]! * d;
    }
  }
  if (disagreementExpected === 0) return Number.NaN;
  return 1 - ((n - 1) * disagreementObserved) / disagreementExpected;
}
