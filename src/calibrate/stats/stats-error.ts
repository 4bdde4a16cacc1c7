import { CxqaError } from '../../error/cxqa-error.js';

/**
 * Stable codes of {@link StatsError}. Scripts and tests match on these, never on the message text.
 *
 * - `STATS_LENGTH_MISMATCH`: two paired inputs (or the coders of a reliability matrix) differ in length.
 * - `STATS_EMPTY`: nothing to compute on (no values, no pairs, no subjects, no coders, no units).
 * - `STATS_INVALID_LABEL`: a value is not a string or a finite number.
 * - `STATS_UNKNOWN_LABEL`: an observed label is missing from the `labels` option.
 * - `STATS_DUPLICATE_LABEL`: the `labels` option lists a label twice, or two labels print the same.
 * - `STATS_NOT_NUMERIC`: a numeric statistic received something other than a finite number.
 * - `STATS_INVALID_VALUE`: a number outside the statistic's domain (e.g. a negative ratio-scale value).
 * - `STATS_INVALID_COUNT`: a count-matrix cell is not a non-negative integer.
 * - `STATS_RAGGED_ROWS`: rows of a matrix differ in length (or a table is not square).
 * - `STATS_RATER_COUNT_MISMATCH`: Fleiss rows do not all sum to the same number of raters.
 * - `STATS_TOO_FEW_RATERS`: Fleiss rows sum to fewer than 2 raters.
 * - `STATS_INVALID_OPTION`: an option has a value outside its documented range.
 */
export type StatsErrorCode =
  | 'STATS_LENGTH_MISMATCH'
  | 'STATS_EMPTY'
  | 'STATS_INVALID_LABEL'
  | 'STATS_UNKNOWN_LABEL'
  | 'STATS_DUPLICATE_LABEL'
  | 'STATS_NOT_NUMERIC'
  | 'STATS_INVALID_VALUE'
  | 'STATS_INVALID_COUNT'
  | 'STATS_RAGGED_ROWS'
  | 'STATS_RATER_COUNT_MISMATCH'
  | 'STATS_TOO_FEW_RATERS'
  | 'STATS_INVALID_OPTION';

/**
 * An agreement statistic was called with input it cannot be computed on. Every message starts with the
 * name of the function that raised it (`cohenKappa: ...`). Degenerate-but-valid input (e.g. all raters
 * used one label) does not throw: the statistic returns `NaN` as documented on each function.
 */
export class StatsError extends CxqaError {
  declare readonly code: StatsErrorCode;

  constructor(code: StatsErrorCode, message: string) {
    super(code, message);
  }
}
