import { redactAtRest } from '../../governance/redact-at-rest.js';
import { callsOf, totalCalls } from '../calls.js';
import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import { judgeCacheKey } from './cache-key.js';
import type { JudgeCacheStore } from './judge-cache-store.js';

/**
 * Serves repeated requests from the judge cache instead of calling the inner judge. Same name and
 * fingerprint as the inner judge. A response with any error verdict is never stored, so failures are retried.
 * A hit is reported as one call with `cache_hit: true`, no tokens and zero cost.
 *
 * When the request names its run (`runId`), the paid calls of an answer are written to the run's call ledger
 * (`judge_calls`) together with its cache entry ({@link JudgeCacheStore.save}). With `cache: false`
 * (`--no-cache`) nothing is read from or written to the cache, but calls are still recorded that way.
 */
export class CachedJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  private readonly useCache: boolean;

  constructor(
    private readonly inner: Judge,
    private readonly store: JudgeCacheStore,
    options: { cache?: boolean } = {},
  ) {
    this.name = inner.name;
    this.fingerprint = inner.fingerprint;
    this.useCache = options.cache !== false;
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const key = judgeCacheKey(this.fingerprint, request);
    const hit = this.useCache ? this.store.get(key) : undefined;
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
    const cacheable = this.useCache && complete && response.verdicts.every((v) => !v.error);
    const calls = callsOf(response, this.name);
    // The answer and the calls that paid for it are stored together, or not at all.
    const totals = cacheable ? totalCalls(calls) : undefined;
    // Quotes and rationales are cached as they are stored: redacted (a hit then stores the same text).
    const atRest = totals ? redactAtRest(request.transcript) : undefined;
    const recorded = this.store.save(
      totals && atRest
        ? { key, judge: this.name, entry: { verdicts: response.verdicts.map((v) => atRest.verdict(v)), usage: totals.usage, cost_usd: totals.cost_usd } }
        : undefined,
      request.runId !== undefined ? { runId: request.runId, transcriptId: request.transcript.id, calls } : undefined,
    );
    return recorded === undefined ? response : { ...response, calls: recorded };
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
