import type { Db } from '../../store/open-database.js';
import type { TokenUsage } from '../../values/judge-call.js';
import type { Verdict } from '../../values/verdict.js';

/** A stored judge response. */
export interface CacheEntry {
  verdicts: Verdict[];
  /** What the original call used and cost (a hit costs nothing new). */
  usage: TokenUsage | null;
  cost_usd: number | null;
}

/** Reads and writes the `judge_cache` table (schema version 2). */
export class JudgeCacheStore {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT response_json, usage_json, cost_usd FROM judge_cache WHERE key = ?');
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO judge_cache (key, judge, response_json, usage_json, cost_usd, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  get(key: string): CacheEntry | undefined {
    const row = this.getStmt.get(key) as { response_json: string; usage_json: string | null; cost_usd: number | null } | undefined;
    if (!row) return undefined;
    const response = JSON.parse(row.response_json) as { verdicts?: unknown };
    if (!Array.isArray(response.verdicts)) return undefined;
    return {
      verdicts: response.verdicts as Verdict[],
      usage: row.usage_json ? (JSON.parse(row.usage_json) as TokenUsage) : null,
      cost_usd: row.cost_usd,
    };
  }

  put(key: string, judge: string, entry: CacheEntry): void {
    this.putStmt.run(
      key,
      judge,
      JSON.stringify({ verdicts: entry.verdicts }),
      entry.usage ? JSON.stringify(entry.usage) : null,
      entry.cost_usd,
      new Date().toISOString(),
    );
  }
}
