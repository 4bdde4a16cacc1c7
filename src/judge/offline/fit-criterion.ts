/**
 * Maps a scorer's native answer (1–5 level, pass/fail, resolution outcome) onto the criterion the rubric defines:
 * scale → an integer in [min, max]; binary → "pass" | "fail"; category → one of the criterion's label ids.
 * N/A is only returned when the criterion allows it.
 */
import type { BinaryCriterion, CategoryCriterion, JudgedCriterion, ScaleCriterion } from '../../rubric/schema.js';
import { FAIL, PASS, type VerdictError, type VerdictValue } from '../../values/verdict.js';
import type { NativeValue, ResolutionOutcome, ScorerResult } from './scorer.js';

export interface Fitted {
  value: VerdictValue;
  na: boolean;
  rationale: string;
  error: VerdictError | null;
}

/** Label ids recognised as each resolution outcome (exact, lower_snake_case). */
const OUTCOME_SYNONYMS: Record<ResolutionOutcome, readonly string[]> = {
  resolved: ['resolved', 'solved', 'fixed', 'resolved_by_bot', 'resolved_by_agent', 'contained', 'success', 'successful', 'answered', 'complete', 'completed', 'fcr', 'first_contact_resolution', 'yes'],
  escalated: ['escalated', 'escalation', 'transferred', 'transfer', 'handed_off', 'handoff', 'hand_off', 'routed', 'handed_over'],
  unresolved: ['unresolved', 'not_resolved', 'unsolved', 'open', 'failed', 'failure', 'pending', 'no', 'not_fixed'],
  abandoned: ['abandoned', 'abandon', 'dropped', 'customer_left', 'left', 'no_response', 'timeout', 'timed_out', 'disconnected'],
};

/** When the criterion has no label for an outcome, the next best outcome to try. */
const OUTCOME_FALLBACK: Record<ResolutionOutcome, readonly ResolutionOutcome[]> = {
  resolved: ['resolved'],
  escalated: ['escalated', 'unresolved'],
  unresolved: ['unresolved', 'abandoned'],
  abandoned: ['abandoned', 'unresolved'],
};

function labelFor(o: ResolutionOutcome, labelIds: readonly string[]): string | null {
  for (const candidate of OUTCOME_FALLBACK[o]) {
    const synonyms = OUTCOME_SYNONYMS[candidate];
    const found = labelIds.find((id) => synonyms.includes(id));
    if (found) return found;
  }
  return null;
}

/**
 * The criterion's label for each resolution outcome, or null when its labels do not look like resolution labels
 * (every outcome must map, and at least two distinct labels must be used).
 */
export function resolutionLabelMap(criterion: CategoryCriterion): Record<ResolutionOutcome, string> | null {
  const ids = criterion.labels.map((l) => l.id);
  const map = {} as Record<ResolutionOutcome, string>;
  for (const o of ['resolved', 'escalated', 'unresolved', 'abandoned'] as const) {
    const label = labelFor(o, ids);
    if (label === null) return null;
    map[o] = label;
  }
  return new Set(Object.values(map)).size >= 2 ? map : null;
}

export function unsupportedCategory(criterion: CategoryCriterion, detail?: string): VerdictError {
  const labels = criterion.labels.map((l) => l.id).join(', ');
  return {
    code: 'OFFLINE_UNSUPPORTED',
    message: `the offline judge has no signal for category criterion "${criterion.id}" with labels ${labels}${
      detail ? ` (${detail})` : ''
    }; set offline.signal or use a model judge`,
  };
}

/** Linear map of a 1–5 level onto [min, max], rounded and clamped. */
export function levelToScale(lvl: number, c: Pick<ScaleCriterion, 'min' | 'max'>): number {
  const v = Math.round(c.min + ((lvl - 1) / 4) * (c.max - c.min));
  return Math.min(c.max, Math.max(c.min, v));
}

function fitScale(v: NativeValue, c: ScaleCriterion): { value: number; note: string } {
  const range = c.min === 1 && c.max === 5;
  switch (v.type) {
    case 'level': {
      const value = levelToScale(v.level, c);
      return { value, note: range ? '' : ` (level ${v.level}/5 mapped onto ${c.min}–${c.max})` };
    }
    case 'binary':
      return { value: v.pass ? c.max : c.min, note: ` (${v.pass ? 'pass → max' : 'fail → min'})` };
    case 'outcome': {
      const value = v.outcome === 'resolved' ? c.max : v.outcome === 'escalated' ? Math.round((c.min + c.max) / 2) : c.min;
      return { value, note: ` (${v.outcome} mapped onto ${c.min}–${c.max})` };
    }
  }
}

function fitBinary(v: NativeValue, c: BinaryCriterion): { value: string; note: string } {
  switch (v.type) {
    case 'binary':
      return { value: v.pass ? PASS : FAIL, note: '' };
    case 'level': {
      const pass = (v.level - 1) / 4 >= c.pass_score;
      return { value: pass ? PASS : FAIL, note: ` (level ${v.level}/5 vs pass_score ${c.pass_score})` };
    }
    case 'outcome':
      return { value: v.outcome === 'resolved' ? PASS : FAIL, note: ` (${v.outcome}: pass only when resolved)` };
  }
}

function fitCategory(v: NativeValue, c: CategoryCriterion): { value: string; note: string } | { error: VerdictError } {
  const ids = c.labels.map((l) => l.id);
  if (v.type === 'outcome') {
    const map = resolutionLabelMap(c);
    if (!map) return { error: unsupportedCategory(c, 'its labels do not map onto resolved/escalated/unresolved/abandoned') };
    const label = map[v.outcome];
    return { value: label, note: label === v.outcome ? '' : ` (${v.outcome} → label "${label}")` };
  }
  if (v.type === 'binary') {
    const pass = ids.find((id) => ['pass', 'yes', 'true', 'ok', 'compliant'].includes(id));
    const fail = ids.find((id) => ['fail', 'no', 'false', 'not_ok', 'non_compliant'].includes(id));
    if (pass && fail) return { value: v.pass ? pass : fail, note: '' };
    return { error: unsupportedCategory(c, 'the signal gives pass/fail and there is no pass/fail or yes/no label') };
  }
  return { error: unsupportedCategory(c, 'the signal gives a 1–5 level, which has no mapping onto labels') };
}

/** Fits a scorer result to the criterion; N/A only when allowed. */
export function fitToCriterion(result: ScorerResult, criterion: JudgedCriterion): Fitted {
  if (result.na && criterion.na.allowed) {
    return { value: null, na: true, rationale: `N/A: ${result.rationale}`, error: null };
  }
  const naNote = result.na ? ' (would be N/A, but this criterion does not allow N/A)' : '';
  switch (criterion.kind) {
    case 'scale': {
      const { value, note } = fitScale(result.value, criterion);
      return { value, na: false, rationale: `${result.rationale}${note}${naNote}`, error: null };
    }
    case 'binary': {
      const { value, note } = fitBinary(result.value, criterion);
      return { value, na: false, rationale: `${result.rationale}${note}${naNote}`, error: null };
    }
    case 'category': {
      const fitted = fitCategory(result.value, criterion);
      if ('error' in fitted) return { value: null, na: false, rationale: fitted.error.message, error: fitted.error };
      return { value: fitted.value, na: false, rationale: `${result.rationale}${fitted.note}${naNote}`, error: null };
    }
  }
}
