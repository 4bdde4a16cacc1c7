import { CxqaError } from '../../error/cxqa-error.js';

/**
 * A problem with provider batch work as a whole (not one request of it). Stable codes:
 * `BATCH_JUDGE_UNSUPPORTED` (batch mode needs exactly one `openai:` or `anthropic:` judge),
 * `BATCH_SUBMIT_FAILED` (the provider refused or could not take a batch),
 * `BATCH_POLL_FAILED` / `BATCH_RESULTS_FAILED` (a status or result download failed after the SDK's retries),
 * `BATCH_RUBRIC_MISSING` (the rubric a batch was submitted with is not in the database),
 * `BATCH_REQUEST_TOO_LARGE` (one transcript's requests exceed the provider's batch size limit),
 * `BATCH_FIT_MISSING` (a fit a batch was submitted with is not in the database, e.g. after a merge).
 * Messages never contain a key (they pass through the judge's redactor).
 */
export type BatchErrorCode =
  | 'BATCH_JUDGE_UNSUPPORTED'
  | 'BATCH_SUBMIT_FAILED'
  | 'BATCH_POLL_FAILED'
  | 'BATCH_RESULTS_FAILED'
  | 'BATCH_RUBRIC_MISSING'
  | 'BATCH_REQUEST_TOO_LARGE'
  | 'BATCH_FIT_MISSING';

export class BatchError extends CxqaError<BatchErrorCode> {}
