import { STORE_TEXT_MODES, type StoreTextMode } from '../../governance/redact-at-rest.js';
import type { Db } from '../../store/open-database.js';
import { getRun } from '../../store/run-repository.js';

/** What the submitting run chose that its batches' collection must apply too (recorded in the run's options). */
export interface BatchRunOptions {
  /** `store.text` of the submission; undefined for batches submitted before it was recorded. */
  storeText: StoreTextMode | undefined;
  /** `--rejudge`: the results are fresh judging of stored work (stored, not reused; no judge-cache reads). */
  rejudge: boolean;
}

/** The {@link BatchRunOptions} of the run that submitted a batch, from `runs.options_json`. */
export function batchRunOptions(db: Db, runId: string): BatchRunOptions {
  const run = getRun(db, runId);
  let options: Record<string, unknown> = {};
  try {
    options = run ? (JSON.parse(run.options_json) as Record<string, unknown>) : {};
  } catch {
    // A run row written by hand or by an older version: nothing recorded.
  }
  const storeText = STORE_TEXT_MODES.find((m) => m === options.store_text);
  return { storeText, rejudge: options.rejudge === true };
}
