import type Database from 'better-sqlite3';

/**
 * Removes every stored result (evaluations and the rows that hang off them) but not the judge cache, as in a
 * database restored without results. History is append-only, so this does what an outsider with sqlite3
 * would have to: drop the triggers first. The hash chain no longer verifies afterwards.
 */
export function forgetStoredResults(db: Database.Database): void {
  for (const t of ['run_items', 'panel_votes', 'criterion_results', 'evaluations']) {
    db.exec(`DROP TRIGGER IF EXISTS ${t}_no_delete; DROP TRIGGER IF EXISTS ${t}_no_update; DELETE FROM ${t};`);
  }
}
