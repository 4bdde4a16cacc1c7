import type { Db } from '../../store/open-database.js';
import { callsOf, totalCalls } from '../calls.js';
import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import { judgeCacheKey } from './cache-key.js';
import { JudgeCacheStore } from './judge-cache-store.js';

/**
 * Serves repeated requests from the `judge_cache` table instead of calling the inner judge. Same name and
 * fingerprint as the inner judge. A response with any error verdict is never stored, so failures are retried.
 * A hit is reported as one call with `cache_hit: true`, no tokens and zero cost.
 */
export class CachedJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  private readonly store: JudgeCacheStore;

  constructor(
    private readonly inner: Judge,
    db: Db,
  ) {
    this.name = inner.name;
    this.fingerprint = inner.fingerprint;
    this.store = new JudgeCacheStore(db);
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const key = judgeCacheKey(this.fingerprint, request);
    const hit = this.store.get(key);
    if (hit) {
      return {
        verdicts: hit.verdicts,
        usage: { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0 },
        cost_usd: 0,
        calls: [{ judge: this.name, usage: { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0 }, cost_usd: 0, cache_hit: true }],
      };
    }
    const response = await this.inner.judge(request);
    const complete = request.criteria.every((c) => response.verdicts.some((v) => v.criterion === c.id));
    if (complete && response.verdicts.every((v) => !v.error)) {
      const totals = totalCalls(callsOf(response, this.name));
      this.store.put(key, this.name, { verdicts: response.verdicts, usage: totals.usage, cost_usd: totals.cost_usd });
    }
    return response;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
