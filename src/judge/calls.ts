import type { JudgeResponse } from './judge.js';
import type { JudgeCall, TokenUsage } from '../values/judge-call.js';

/**
 * The calls behind a response: its `calls` when a decorator listed them, otherwise one call made of its
 * `usage` / `cost_usd`, or none when the judge reported neither (offline judges).
 */
export function callsOf(response: JudgeResponse, judgeName: string): JudgeCall[] {
  if (response.calls) return response.calls;
  if (response.usage === undefined && response.cost_usd === undefined) return [];
  return [{ judge: judgeName, usage: response.usage ?? null, cost_usd: response.cost_usd ?? null, cache_hit: false }];
}

/** Totals over calls. Tokens are summed over calls that reported usage; `cost_usd` is null when no call had a cost. */
export interface CallTotals {
  usage: TokenUsage | null;
  cost_usd: number | null;
  /** Every call was served from the cache (false when there were no calls). */
  cache_hit: boolean;
}

export function totalCalls(calls: readonly JudgeCall[]): CallTotals {
  let usage: TokenUsage | null = null;
  let cost: number | null = null;
  for (const call of calls) {
    if (call.usage) {
      usage ??= { input_tokens: 0, output_tokens: 0, cached_input_tokens: 0 };
      usage.input_tokens += call.usage.input_tokens;
      usage.output_tokens += call.usage.output_tokens;
      usage.cached_input_tokens = (usage.cached_input_tokens ?? 0) + (call.usage.cached_input_tokens ?? 0);
    }
    if (call.cost_usd !== null) cost = (cost ?? 0) + call.cost_usd;
  }
  return { usage, cost_usd: cost, cache_hit: calls.length > 0 && calls.every((c) => c.cache_hit) };
}
