/**
 * The codes of the error classes that live on the bottom floor (`src/error`). Codes of the other classes are
 * declared beside them (`BatchErrorCode`, `StoreErrorCode`, ...). Every code of every class has one exit
 * category in `src/cli/exit-category.ts`; adding a code here without adding it there does not compile.
 * A new `UsageError` code ("not assignable to parameter of type 'UsageErrorCode'"): add it to the union below and,
 * as `usage`, to EXIT_CATEGORY.
 */

/** {@link UsageError}: the command line or configuration is wrong, nothing was done. */
export type UsageErrorCode =
  | 'USAGE'
  | 'BAD_CORPUS_NAME'
  | 'BAD_CSV_HEADER'
  | 'BAD_CSV_MAP'
  | 'BAD_CSV_ROLES'
  | 'BATCH_JUDGE_UNSUPPORTED'
  | 'BATCH_OPTION_UNSUPPORTED'
  | 'BUDGET_PRICE_UNKNOWN'
  | 'CALIBRATE_NO_LABELS'
  | 'CRITERION_KIND'
  | 'CRITERION_NOT_FOUND'
  | 'DB_NOT_FOUND'
  | 'DECISION_REVIEWER'
  | 'DECISION_VALUE_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'JUDGE_KEY_MISSING'
  | 'JUDGE_OPTION_INVALID'
  | 'JUDGE_PANEL_INVALID'
  | 'JUDGE_UNKNOWN'
  | 'MERGE_SCHEMA'
  | 'MERGE_SELF'
  | 'MERGE_SHARD_BATCHES_OPEN'
  | 'MERGE_SHARD_NOT_FOUND'
  | 'OUT_IS_INPUT'
  | 'OUT_UNWRITABLE'
  | 'PERIOD_CONFLICT'
  | 'PERIOD_EMPTY'
  | 'PULL_CONFIG'
  | 'PULL_NO_CURSOR'
  | 'PULL_NO_TOKEN'
  | 'PURGE_BAD_DATE'
  | 'REPORT_BAD_DATE'
  | 'REPORT_PERIOD_EMPTY'
  | 'REPORT_RUBRIC_NOT_FOUND'
  | 'RUBRIC_AMBIGUOUS'
  | 'RUBRIC_NOT_FOUND'
  | 'RULE_NOT_FOUND'
  | 'RUN_NOT_FOUND'
  | 'TRANSCRIPT_NOT_FOUND'
  | 'USAGE_MISSING_OPTION'
  | 'FIT_NO_SOURCE'
  | 'FIT_NO_SURVEY_LABELS'
  | 'FIT_UNKNOWN_CRITERION'
  | 'FIT_UNSUPPORTED_CRITERION';

/** {@link InputError} raised directly (rubric, config, transcript lines, eval sets from a database). */
export type InputErrorCode =
  | 'RUBRIC_INVALID'
  | 'RUBRIC_READ'
  | 'RUBRIC_YAML'
  | 'CONFIG_INVALID'
  | 'CONFIG_READ'
  | 'CONFIG_YAML'
  | 'TRANSCRIPT_JSON'
  | 'TRANSCRIPT_INVALID'
  | 'EVAL_TRANSCRIPT_MISSING';

/** {@link InternalError}: cxqa itself is broken or badly installed (a prompt template missing, ...). */
export type InternalErrorCode = 'PROMPT_MISSING' | 'PROMPT_PLACEHOLDER_UNKNOWN' | 'PACKAGE_ROOT_NOT_FOUND';
