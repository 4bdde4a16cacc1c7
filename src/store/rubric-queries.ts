import type { Rubric } from '../rubric/schema.js';
import type { Db } from './open-database.js';

/** The rubric body stored under a content hash (table `rubrics`, written by every run); undefined when absent. */
export function rubricByHash(db: Db, hash: string): Rubric | undefined {
  const row = db.prepare('SELECT body_json FROM rubrics WHERE hash = ?').get(hash) as { body_json: string } | undefined;
  return row ? (JSON.parse(row.body_json) as Rubric) : undefined;
}
