import type { Db } from '../../store/open-database.js';
import type { JudgeCall } from '../../values/judge-call.js';

/**
 * Writes provider calls to `judge_calls` the moment their answer is back — in the same transaction as the
 * answer's judge-cache entry — rather than with the evaluation, which is written later in a batch. A process
 * killed in between then leaves the call on record (with `evaluation_id` still null), so a resumed run that
 * takes the answer from the cache does not make the call look free: the cost in `judge_calls` is the cost of
 * the calls really made, after any number of kills.
 */
export class CallLedger {
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO judge_calls (run_id, transcript_id, evaluation_id, judge, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, created_at)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, 0, ?)`,
    );
  }

  /** Records the paid calls (cache hits are recorded with their evaluation); returns the calls with their row ids. Call inside a transaction. */
  record(runId: string, transcriptId: string, calls: readonly JudgeCall[]): JudgeCall[] {
    const now = new Date().toISOString();
    return calls.map((call) => {
      if (call.cache_hit || call.ledger_id !== undefined) return call;
      const info = this.insert.run(
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
