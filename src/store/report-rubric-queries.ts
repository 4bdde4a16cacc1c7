import type { Criterion, Rubric } from '../rubric/schema.js';
import type { Db } from './open-database.js';

/** The criteria of every stored version of a rubric (oldest first); a criterion's latest definition wins. */
export function rubricDefinitions(db: Db, hashes: readonly { hash: string; version: string; title: string }[]) {
  const body = db.prepare('SELECT body_json FROM rubrics WHERE hash = ?');
  const criteria = new Map<string, Criterion>();
  const versions = new Map<string, string>();
  let title = '';
  for (const h of hashes) {
    const rubric = JSON.parse((body.get(h.hash) as { body_json: string }).body_json) as Rubric;
    for (const c of rubric.criteria) {
      criteria.delete(c.id);
      criteria.set(c.id, c);
    }
    versions.set(h.hash, h.version);
    title = rubric.title;
  }
  return { criteria, versions, title };
}
