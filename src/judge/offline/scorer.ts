/**
 * What a built-in signal scorer returns. Scorers work on a native scale (a 1–5 level, pass/fail, or a resolution
 * outcome); `fit-criterion.ts` maps that onto whatever scale, binary or category the rubric's criterion uses.
 */
import type { Evidence } from '../../values/verdict.js';
import type { Hit } from './signal-types.js';
import { short } from './text.js';

export type ResolutionOutcome = 'resolved' | 'escalated' | 'unresolved' | 'abandoned';
export const RESOLUTION_OUTCOMES: readonly ResolutionOutcome[] = ['resolved', 'escalated', 'unresolved', 'abandoned'];

export type NativeValue =
  /** 1 (worst) … 5 (best), like the shipped rubric's anchors. */
  | { type: 'level'; level: 1 | 2 | 3 | 4 | 5 }
  | { type: 'binary'; pass: boolean }
  | { type: 'outcome'; outcome: ResolutionOutcome };

export interface ScorerResult {
  /** The scorer's answer. When `na` is true, this is the answer to use if the criterion does not allow N/A. */
  value: NativeValue;
  /** The scorer thinks the criterion does not apply to this conversation. */
  na: boolean;
  rationale: string;
  evidence: Evidence[];
}

export const level = (l: 1 | 2 | 3 | 4 | 5): NativeValue => ({ type: 'level', level: l });
export const binary = (pass: boolean): NativeValue => ({ type: 'binary', pass });
export const outcome = (o: ResolutionOutcome): NativeValue => ({ type: 'outcome', outcome: o });

/** `msg 6: "that worked, thanks"` — for rationales. Message indices are 0-based, as in evidence. */
export function cite(h: Hit): string {
  return h.quote ? `msg ${h.message}: "${short(h.quote, 60)}"` : `msg ${h.message}`;
}

/** Evidence from hits: verbatim quotes, deduplicated, empty quotes dropped, at most `max`. */
export function evidenceOf(hits: ReadonlyArray<Hit | null | undefined>, max = 6): Evidence[] {
  const out: Evidence[] = [];
  for (const h of hits) {
    if (!h || h.quote === '') continue;
    if (out.some((e) => e.message === h.message && e.quote === h.quote)) continue;
    out.push({ message: h.message, quote: h.quote });
    if (out.length >= max) break;
  }
  return out;
}

export function last<T>(list: readonly T[]): T | undefined {
  return list.length > 0 ? list[list.length - 1] : undefined;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
