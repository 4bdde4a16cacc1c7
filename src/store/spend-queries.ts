import type { Db } from './open-database.js';

/** USD spent on paid judge calls recorded in `judge_calls` at or after `sinceIso` (cache hits cost nothing). */
export function spentSince(db: Db, sinceIso: string): number {
  const row = db
    .prepare(`SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM judge_calls WHERE cache_hit = 0 AND created_at >= ?`)
    .get(sinceIso) as { usd: number };
  return row.usd;
}
