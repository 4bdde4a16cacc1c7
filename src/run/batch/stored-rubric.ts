import type { LoadedRubric } from '../../rubric/load.js';
import type { Rubric } from '../../rubric/schema.js';
import type { Db } from '../../store/open-database.js';
import { BatchError } from './batch-error.js';

/** The rubric a batch was submitted with, as stored in `rubrics` by the submitting run. */
export function storedRubric(db: Db, hash: string): LoadedRubric {
  const row = db.prepare('SELECT body_json FROM rubrics WHERE hash = ?').get(hash) as { body_json: string } | undefined;
  if (!row) throw new BatchError('BATCH_RUBRIC_MISSING', `rubric ${hash.slice(0, 12)} of a batch is not in the database`);
  return { rubric: JSON.parse(row.body_json) as Rubric, hash, file: `<stored rubric ${hash.slice(0, 12)}>` };
}
