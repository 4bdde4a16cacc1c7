import type { LoadedRubric } from '../../rubric/load.js';
import type { Db } from '../../store/open-database.js';
import { rubricByHash } from '../../store/rubric-queries.js';
import { BatchError } from './batch-error.js';

/** The rubric a batch was submitted with, as stored in `rubrics` by the submitting run. */
export function storedRubric(db: Db, hash: string): LoadedRubric {
  const rubric = rubricByHash(db, hash);
  if (!rubric) throw new BatchError('BATCH_RUBRIC_MISSING', `rubric ${hash.slice(0, 12)} of a batch is not in the database`);
  return { rubric, hash, file: `<stored rubric ${hash.slice(0, 12)}>` };
}
