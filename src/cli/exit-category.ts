import type { InputErrorCode, InternalErrorCode, UsageErrorCode } from '../error/error-codes.js';
import type { EvalSetErrorCode } from '../calibrate/eval-set/eval-set-error.js';
import type { ImportErrorCode } from '../calibrate/import/import-error.js';
import type { StatsErrorCode } from '../calibrate/stats/stats-error.js';
import type { BatchErrorCode } from '../run/batch/batch-error.js';
import type { StoreErrorCode } from '../store/open-database.js';
import { ExitCode } from './exit-codes.js';

/** How an error that reaches the top of a command ends the process. */
export type ExitCategory = 'usage' | 'partial' | 'locked' | 'internal';

export const EXIT_CODE_OF_CATEGORY: Record<ExitCategory, ExitCode> = {
  usage: ExitCode.USAGE,
  partial: ExitCode.PARTIAL,
  locked: ExitCode.LOCKED,
  internal: ExitCode.INTERNAL,
};

/** Every error code cxqa raises on purpose. */
export type ErrorCode =
  | UsageErrorCode
  | InputErrorCode
  | InternalErrorCode
  | EvalSetErrorCode
  | ImportErrorCode
  | StatsErrorCode
  | BatchErrorCode
  | StoreErrorCode
  | 'DB_LOCKED';

/**
 * The one table from error code to exit category. Exhaustive by type: a code added to a class's union that
 * is missing here does not compile. `usage` = nothing was done (exit 2); `partial` = finished, but some work
 * is left for a later run (exit 3: a provider batch could not be submitted, polled or downloaded); `locked` =
 * another process writes to the database (exit 4); `internal` = cxqa is broken or badly installed (exit 70).
 */
export const EXIT_CATEGORY: Record<ErrorCode, ExitCategory> = {
  USAGE: 'usage',
  BAD_CORPUS_NAME: 'usage',
  BAD_CSV_HEADER: 'usage',
  BAD_CSV_MAP: 'usage',
  BAD_CSV_ROLES: 'usage',
  BATCH_OPTION_UNSUPPORTED: 'usage',
  BUDGET_PRICE_UNKNOWN: 'usage',
  CALIBRATE_NO_LABELS: 'usage',
  CRITERION_KIND: 'usage',
  CRITERION_NOT_FOUND: 'usage',
  DB_NOT_FOUND: 'usage',
  DECISION_REVIEWER: 'usage',
  DECISION_VALUE_INVALID: 'usage',
  INPUT_NOT_FOUND: 'usage',
  JUDGE_KEY_MISSING: 'usage',
  JUDGE_OPTION_INVALID: 'usage',
  JUDGE_PANEL_INVALID: 'usage',
  JUDGE_UNKNOWN: 'usage',
  MERGE_SCHEMA: 'usage',
  MERGE_SELF: 'usage',
  MERGE_SHARD_BATCHES_OPEN: 'usage',
  MERGE_SHARD_NOT_FOUND: 'usage',
  OUT_IS_INPUT: 'usage',
  OUT_UNWRITABLE: 'usage',
  PERIOD_CONFLICT: 'usage',
  PERIOD_EMPTY: 'usage',
  PULL_CONFIG: 'usage',
  PULL_NO_CURSOR: 'usage',
  PULL_NO_TOKEN: 'usage',
  PURGE_BAD_DATE: 'usage',
  REPORT_BAD_DATE: 'usage',
  REPORT_PERIOD_EMPTY: 'usage',
  REPORT_RUBRIC_NOT_FOUND: 'usage',
  RUBRIC_AMBIGUOUS: 'usage',
  RUBRIC_NOT_FOUND: 'usage',
  RULE_NOT_FOUND: 'usage',
  RUN_NOT_FOUND: 'usage',
  TRANSCRIPT_NOT_FOUND: 'usage',
  USAGE_MISSING_OPTION: 'usage',
  FIT_NO_SOURCE: 'usage',
  FIT_NO_SURVEY_LABELS: 'usage',
  FIT_UNKNOWN_CRITERION: 'usage',
  FIT_UNSUPPORTED_CRITERION: 'usage',
  // Bad input files: nothing was done.
  RUBRIC_INVALID: 'usage',
  RUBRIC_READ: 'usage',
  RUBRIC_YAML: 'usage',
  CONFIG_INVALID: 'usage',
  CONFIG_READ: 'usage',
  CONFIG_YAML: 'usage',
  TRANSCRIPT_JSON: 'usage',
  TRANSCRIPT_INVALID: 'usage',
  EVAL_TRANSCRIPT_MISSING: 'usage',
  EVAL_SET_JSON: 'usage',
  EVAL_SET_INVALID: 'usage',
  EVAL_LABELS_COLUMNS: 'usage',
  EVAL_LABELS_ROW: 'usage',
  EVAL_LABELS_CONFLICT: 'usage',
  EVAL_LABELS_UNKNOWN_TRANSCRIPT: 'usage',
  EVAL_TRANSCRIPT_INVALID: 'usage',
  USS_FIELDS: 'usage',
  USS_ROLE: 'usage',
  USS_RATINGS: 'usage',
  USS_OVERALL: 'usage',
  USS_EMPTY_DIALOGUE: 'usage',
  ABREDIAL_COLUMNS: 'usage',
  ABREDIAL_ROW: 'usage',
  ABREDIAL_UTTERANCE: 'usage',
  ABREDIAL_LABEL: 'usage',
  ABREDIAL_NO_LABELS: 'usage',
  IMPORT_INVALID_ITEM: 'usage',
  // Statistics called on input they cannot be computed on (an eval set that cannot be calibrated).
  STATS_EMPTY: 'usage',
  STATS_INVALID_LABEL: 'usage',
  STATS_INVALID_OPTION: 'usage',
  STATS_NOT_NUMERIC: 'usage',
  STATS_RAGGED_ROWS: 'usage',
  STATS_LENGTH_MISMATCH: 'usage',
  STATS_INVALID_VALUE: 'usage',
  STATS_INVALID_COUNT: 'usage',
  STATS_DUPLICATE_LABEL: 'usage',
  STATS_UNKNOWN_LABEL: 'usage',
  STATS_TOO_FEW_RATERS: 'usage',
  STATS_RATER_COUNT_MISMATCH: 'usage',
  // Provider batch work: a configuration the batch API cannot take is usage; a provider failure leaves the
  // work for the next `batch collect` / `score --mode batch` (exit 3).
  BATCH_JUDGE_UNSUPPORTED: 'usage',
  BATCH_REQUEST_TOO_LARGE: 'usage',
  BATCH_SUBMIT_FAILED: 'partial',
  BATCH_POLL_FAILED: 'partial',
  BATCH_RESULTS_FAILED: 'partial',
  BATCH_RUBRIC_MISSING: 'partial',
  BATCH_FIT_MISSING: 'partial',
  STORE_OPEN: 'usage',
  STORE_TOO_NEW: 'usage',
  STORE_FACTS_MISSING: 'usage',
  DB_LOCKED: 'locked',
  PROMPT_MISSING: 'internal',
  PROMPT_PLACEHOLDER_UNKNOWN: 'internal',
  PACKAGE_ROOT_NOT_FOUND: 'internal',
};

/**
 * The exit category of an error code. A code not in the table (an error class of a newer module, or a
 * provider code passed through) is a usage error, as every `CxqaError` was before the table existed.
 */
export function exitCategoryOf(code: string): ExitCategory {
  return (EXIT_CATEGORY as Record<string, ExitCategory>)[code] ?? 'usage';
}
