import type { JudgeCall, TokenUsage } from '../../values/judge-call.js';
import type { Verdict } from '../../values/verdict.js';

/** A stored judge response. */
export interface CacheEntry {
  verdicts: Verdict[];
  /** What the original call used and cost (a hit costs nothing new). */
  usage: TokenUsage | null;
  cost_usd: number | null;
}

/** An answer to keep under its cache key. */
export interface CacheWrite {
  key: string;
  judge: string;
  entry: CacheEntry;
}

/** The provider calls behind one answer, for the run's call ledger. */
export interface LedgerWrite {
  runId: string;
  transcriptId: string;
  calls: readonly JudgeCall[];
}

/**
 * What {@link CachedJudge} needs from a store: the judge layer defines it, `src/store/judge-cache-repository.ts`
 * implements it (SQLite tables `judge_cache` and `judge_calls`). No SQL or database handle crosses this line.
 */
export interface JudgeCacheStore {
  /** The answer stored under `key`; undefined when there is none (or it is in a format no longer read). */
  get(key: string): CacheEntry | undefined;
  /**
   * Stores `answer` (when given) and records the paid calls of `ledger` (when given; cache hits and calls already
   * recorded are skipped) together, or neither. Returns the ledger's calls with their row ids (`ledger_id`), or
   * undefined without a ledger.
   */
  save(answer: CacheWrite | undefined, ledger: LedgerWrite | undefined): JudgeCall[] | undefined;
}
