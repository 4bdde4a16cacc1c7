import { UsageError } from '../error/cxqa-error.js';
import type { Criterion } from '../rubric/schema.js';

/** A reviewer's value once checked against the criterion: `na` for "not applicable" (criteria that allow it). */
export interface DecisionValue {
  value: number | string | null;
  na: boolean;
}

/**
 * Checks the VALUE of `cxqa review decide` against the criterion's kind: a whole number within a scale's range,
 * `pass`/`fail` for binary and rule criteria, one of a category's label ids; `na` where the criterion allows N/A.
 * @throws UsageError `DECISION_VALUE_INVALID` naming what the criterion accepts.
 */
export function parseDecisionValue(criterion: Criterion, raw: string): DecisionValue {
  const text = raw.trim();
  const naAllowed = criterion.na.allowed;
  if (/^(na|n\/a)$/i.test(text)) {
    if (naAllowed) return { value: null, na: true };
    throw invalid(criterion, raw, 'it does not allow N/A');
  }
  switch (criterion.kind) {
    case 'scale': {
      const n = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isInteger(n)) throw invalid(criterion, raw, 'not a whole number');
      if (n < criterion.min || n > criterion.max) throw invalid(criterion, raw, `outside ${criterion.min}–${criterion.max}`);
      return { value: n, na: false };
    }
    case 'binary':
    case 'rule': {
      const v = text.toLowerCase();
      if (v === 'pass' || v === 'fail') return { value: v, na: false };
      throw invalid(criterion, raw, 'not pass or fail');
    }
    case 'category': {
      const label = criterion.labels.find((l) => l.id === text) ?? criterion.labels.find((l) => l.id.toLowerCase() === text.toLowerCase());
      if (label) return { value: label.id, na: false };
      throw invalid(criterion, raw, 'not one of its labels');
    }
  }
}

/** What a criterion accepts, e.g. `a whole number 1–5 or na`. */
export function acceptedValues(c: Criterion): string {
  const base = c.kind === 'scale' ? `a whole number ${c.min}–${c.max}` : c.kind === 'category' ? `one of ${c.labels.map((l) => l.id).join(', ')}` : 'pass or fail';
  return c.na.allowed ? `${base}, or na` : base;
}

function invalid(c: Criterion, raw: string, why: string): UsageError {
  return new UsageError(`VALUE "${raw}" for ${c.id} (${c.kind}): ${why}; ${c.id} takes ${acceptedValues(c)}`, 'DECISION_VALUE_INVALID');
}
