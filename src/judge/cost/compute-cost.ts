import type { TokenUsage } from '../../values/judge-call.js';
import type { ModelPrice } from './price-table.js';

/**
 * Share of the list price a provider batch API bills (OpenAI Batch API and Anthropic Message Batches both
 * charge 50 % of the synchronous price, for input, cached input and output tokens alike).
 */
export const BATCH_PRICE_FACTOR = 0.5;

/** How a call was made. */
export interface CostOptions {
  /** Made through a provider batch API: {@link BATCH_PRICE_FACTOR} × the list price. */
  batch?: boolean | undefined;
}

/**
 * Cost in USD of one call. `input_tokens` counts every prompt token, cached ones included (the OpenAI
 * convention; Anthropic's separate cache-read count is added in by its judge); `cached_input_tokens` of
 * them are billed at the cached price:
 *
 *   cost = ((input − cached) × input_price + cached × cached_price + output × output_price) / 1,000,000
 *
 * and half of that for a batch call (`{ batch: true }`).
 */
export function computeCost(usage: TokenUsage, price: ModelPrice, options: CostOptions = {}): number {
  const cached = Math.min(Math.max(usage.cached_input_tokens ?? 0, 0), usage.input_tokens);
  const uncached = Math.max(usage.input_tokens - cached, 0);
  const list = (uncached * price.input + cached * price.cached_input + usage.output_tokens * price.output) / 1_000_000;
  return options.batch ? list * BATCH_PRICE_FACTOR : list;
}
