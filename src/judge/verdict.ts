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
  error: VerdictError | null;
}

export const PASS = 'pass';
export const FAIL = 'fail';
