import type { CacheEntry, CacheWrite, JudgeCacheStore, LedgerWrite } from '../judge/cache/judge-cache-store.js';
import type { JudgeCall, TokenUsage } from '../values/judge-call.js';
import type { Verdict } from '../values/verdict.js';
import type { Db } from './open-database.js';

/**
 * The judge cache on SQLite: answers in `judge_cache` (schema version 2), and the call ledger in `judge_calls`.
 *
 * Provider calls are written to `judge_calls` the moment their answer is back — in the same transaction as the
 * answer's cache entry — rather than with the evaluation, which is written later in a batch. A process killed in
 * between then leaves the call on record (with `evaluation_id` still null), so a resumed run that takes the answer
 * from the cache does not make the call look free: the cost in `judge_calls` is the cost of the calls really made,
 * after any number of kills.
 */
export class JudgeCacheRepository implements JudgeCacheStore {
  private readonly getStmt;
  private readonly putStmt;
  private readonly callStmt;
  private readonly saveTx;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT response_json, usage_json, cost_usd FROM judge_cache WHERE key = ?');
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO judge_cache (key, judge, response_json, usage_json, cost_usd, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.callStmt = db.prepare(
      `INSERT INTO judge_calls (run_id, transcript_id, evaluation_id, judge, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, created_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, 0, ?)`,
    );
    this.saveTx = db.transaction((answer: CacheWrite | undefined, ledger: LedgerWrite | undefined) => {
      if (answer) this.put(answer);
      return ledger ? this.record(ledger) : undefined;
    });
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

  save(answer: CacheWrite | undefined, ledger: LedgerWrite | undefined): JudgeCall[] | undefined {
    return this.saveTx(answer, ledger);
  }

  private put({ key, judge, entry }: CacheWrite): void {
    this.putStmt.run(key, judge, JSON.stringify({ verdicts: entry.verdicts }), entry.usage ? JSON.stringify(entry.usage) : null, entry.cost_usd, new Date().toISOString());
  }

  /** The paid calls (cache hits are recorded with their evaluation), with their row ids. */
  private record({ runId, transcriptId, calls }: LedgerWrite): JudgeCall[] {
    const now = new Date().toISOString();
    return calls.map((call) => {
      if (call.cache_hit || call.ledger_id !== undefined) return call;
      const info = this.callStmt.run(
        runId,
        transcriptId,
        call.judge,
        call.usage?.input_tokens ?? null,
        call.usage?.output_tokens ?? null,
        call.usage ? (call.usage.cached_input_tokens ?? 0) : null,
        call.cost_usd,
        now,
      );
      return { ...call, ledger_id: Number(info.lastInsertRowid) };
    });
  }
}
