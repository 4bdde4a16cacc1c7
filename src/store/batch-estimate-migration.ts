import type { Migration } from './migration.js';
import type { Db } from './open-database.js';

/**
 * Migration 17: the estimated cost of each provider batch, recorded at submission. Until a batch is collected
 * (and its real cost is in `judge_calls`) this estimate is what a budget counts as spent (see
 * `BatchRepository.reservedUsd`). Batches submitted by earlier versions have none (NULL). Adding the column is
 * skipped when it is there already (a database whose version was set back to re-run an earlier migration).
 */
export const batchEstimateMigration: Migration = {
  version: 17,
  name: 'provider batches: the estimated cost a budget reserves until collection',
  sql: '',
  upgrade: (db: Db) => {
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('provider_batches') as string[];
    // USD, at the batch API price, by the estimator of `score --dry-run --mode batch`; NULL when the model has no price.
    if (!columns.includes('estimated_cost_usd')) db.exec('ALTER TABLE provider_batches ADD COLUMN estimated_cost_usd REAL');
  },
};
