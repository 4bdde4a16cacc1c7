/** A quote that supports a verdict: the 0-based index of the message and text taken from it. */
export interface Evidence {
  message: number;
  quote: string;
  /** Whether the quote was found in the cited message. Absent when not checked (offline and rule verdicts quote verbatim). */
  verified?: boolean;
}

/**
 * The value of a verdict, by criterion kind:
 * scale → integer in [min, max]; binary and rule → "pass" | "fail"; category → a label id.
 * `null` when the criterion is N/A or could not be judged (then `error` says why).
 */
export type VerdictValue = number | string | null;

export interface VerdictError {
  /** Stable code, e.g. OFFLINE_UNSUPPORTED, JUDGE_SCHEMA_INVALID, or a provider's error code. */
  code: string;
  message: string;
  /** Provider request id, when a provider call failed. */
  request_id?: string;
}

export interface Verdict {
  criterion: string;
  value: VerdictValue;
  na: boolean;
  rationale: string;
  evidence: Evidence[];
  /** Who produced it: `offline:v1`, `rule`, `openai:gpt-4.1-mini`, ... */
  judge: string;
  /**
   * A judging failure: `value` is null, `na` false, and the criterion counts as not judged (the evaluation is
   * `partial`). Never set together with `na_code`.
   */
  error: VerdictError | null;
  /**
   * Why a judge declined, as a stable code, on an N/A verdict (`na: true`, `value: null`, `error: null`):
   * `OFFLINE_UNSUPPORTED` (the offline judge has no signal for this criterion) or `OFFLINE_LANGUAGE` (the
   * conversation is not in English, and the offline judge's phrase lists are). An expected answer, not a
   * failure: the criterion is left out of the QA score and the evaluation stays `scored`. Absent on ordinary N/As
   * ("no hand-off happened") and on every non-N/A verdict. The rationale says the same in words.
   */
  na_code?: NaCode;
}

/** Stable reasons a judge gives for an N/A it could not avoid (see `Verdict.na_code`). */
export const NA_CODES = ['OFFLINE_UNSUPPORTED', 'OFFLINE_LANGUAGE'] as const;
export type NaCode = (typeof NA_CODES)[number];

export const PASS = 'pass';
export const FAIL = 'fail';
