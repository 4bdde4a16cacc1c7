import type { Verdict } from './verdict.js';

/** Tokens a provider reported for one call. */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens?: number;
}

/** One provider call, or one cache hit standing in for it (then tokens and cost are zero). */
export interface JudgeCall {
  judge: string;
  usage: TokenUsage | null;
  /** `null` when the model has no known price. */
  cost_usd: number | null;
  cache_hit: boolean;
  /** Made through a provider batch API (billed at `BATCH_PRICE_FACTOR` (50 %) of the list price). */
  batch?: boolean;
  /** The `judge_calls` row already written for this call (at answer time); the evaluation links it. */
  ledger_id?: number;
}

/** One panel member's answer for one criterion. */
export interface PanelVote {
  criterion: string;
  judge: string;
  value: Verdict['value'];
  na: boolean;
  /** The member's error code when it could not answer. */
  error_code: string | null;
}
