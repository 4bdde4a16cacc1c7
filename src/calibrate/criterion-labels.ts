import type { Criterion } from '../rubric/schema.js';
import { majorityLabel, medianLabel, type Label } from './stats/index.js';
import { NA_LABEL, normaliseHumanLabel, type CalibrationItem, type JudgeAnswer } from './calibration-item.js';

/** Every label a judge or rater may use for the criterion, in scale or rubric order. */
export function labelSet(c: Criterion): Label[] {
  const base: Label[] =
    c.kind === 'scale'
      ? Array.from({ length: c.max - c.min + 1 }, (_, i) => c.min + i)
      : c.kind === 'binary' || c.kind === 'rule'
        ? ['pass', 'fail']
        : c.labels.map((l) => l.id);
  return c.na.allowed && c.kind !== 'scale' ? [...base, NA_LABEL] : base;
}

/**
 * One rater's label in the form the statistics use: a number for scales (null when the rater gave no
 * number, e.g. N/A on a scale), the label string otherwise (null when it is not one of the criterion's labels).
 */
export function usableHumanLabel(c: Criterion, value: CalibrationItem['raters'][number]['value'], allowed = new Set(labelSet(c).map(String))): Label | null {
  const v = normaliseHumanLabel(value);
  if (c.kind === 'scale') return typeof v === 'number' ? v : null;
  return allowed.has(String(v)) ? String(v) : null;
}

/** Median of the raters' numbers (scale) or their strict plurality label; null when there is none (no label, a tie). */
export function referenceOf(c: Criterion, labels: readonly (Label | null)[]): Label | null {
  const usable = labels.filter((l): l is Label => l !== null);
  if (usable.length === 0) return null;
  return c.kind === 'scale' ? medianLabel(usable as number[]) : majorityLabel(usable);
}

/** A scale reference rounded half up to a level (kappa and confusion matrices need a level); others unchanged. */
export function referenceLevel(c: Criterion, ref: Label): Label {
  return typeof ref === 'number' && c.kind === 'scale' ? Math.floor(ref + 0.5) : ref;
}

/**
 * The judge's answer as a label, or why it cannot be compared: `error` (no verdict, an error, a null value
 * without N/A) or `na` (N/A where the criterion does not allow it, or on a scale).
 */
export function judgeLabel(c: Criterion, answer: JudgeAnswer | undefined): { label: Label } | { excluded: 'judge_error' | 'judge_na' } {
  if (!answer || answer.error || (answer.value === null && !answer.na)) return { excluded: 'judge_error' };
  // A declined N/A (na_code: OFFLINE_LANGUAGE, ...) says nothing about the conversation: never compared with a human "N/A".
  const label: Label | null = answer.na ? (c.na.allowed && !answer.na_code ? NA_LABEL : null) : answer.value;
  if (label === null || (c.kind === 'scale' && label === NA_LABEL)) return { excluded: 'judge_na' };
  return { label };
}
