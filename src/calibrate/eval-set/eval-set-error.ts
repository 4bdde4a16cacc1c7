import { InputError } from '../../error/cxqa-error.js';

/** Stable codes of eval-set problems; scripts and tests match on these. */
export type EvalSetErrorCode =
  /** An eval-set line is not JSON. */
  | 'EVAL_SET_JSON'
  /** An eval-set line is JSON but not a valid eval item (the field names the first problem). */
  | 'EVAL_SET_INVALID'
  /** A labels CSV lacks a required column (or has no header). */
  | 'EVAL_LABELS_COLUMNS'
  /** A labels CSV row is malformed: unreadable CSV, an empty rater / transcript_id / criterion. */
  | 'EVAL_LABELS_ROW'
  /** A labels CSV row gives a second, different value for the same rater, transcript and criterion. */
  | 'EVAL_LABELS_CONFLICT'
  /** A labels CSV row names a transcript id that is not in the transcripts file. */
  | 'EVAL_LABELS_UNKNOWN_TRANSCRIPT'
  /** A transcripts file line is not a valid transcript, or repeats an id. */
  | 'EVAL_TRANSCRIPT_INVALID';

/** A bad eval-set line or `eval build` input. Names file, line and field. */
export class EvalSetError extends InputError {
  declare readonly code: EvalSetErrorCode;
  readonly itemId: string | undefined;

  constructor(code: EvalSetErrorCode, file: string, line: number | undefined, field: string | undefined, message: string, itemId?: string) {
    super(code, { file, ...(line !== undefined ? { line } : {}), ...(field ? { field } : {}) }, message);
    this.itemId = itemId;
  }
}
