import type { JudgedCriterion, Rubric } from '../rubric/schema.js';
import type { Transcript } from '../transcript/schema.js';
import type { Verdict } from './verdict.js';

/** Tokens a provider reported for one call. */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens?: number;
}

export interface JudgeRequest {
  transcript: Transcript;
  /** The transcript's content hash (for cache keys). */
  transcriptHash: string;
  rubric: Rubric;
  rubricHash: string;
  /** The criteria this judge must score: every non-rule criterion of the rubric. */
  criteria: JudgedCriterion[];
  signal?: AbortSignal;
  /** The run this judgement belongs to: with it, paid calls are recorded in `judge_calls` as soon as they return. */
  runId?: string;
}

export interface JudgeResponse {
  /** One verdict per requested criterion, in any order. A criterion that could not be judged has `error` set. */
  verdicts: Verdict[];
  usage?: TokenUsage;
  cost_usd?: number;
  /**
   * The provider calls (and cache hits) behind this response, for per-call accounting. Set by the cost,
   * cache and panel decorators. Absent: one call described by `usage` / `cost_usd`, or none if both are absent.
   */
  calls?: JudgeCall[];
  /** Each panel member's answer per criterion (panels only). */
  votes?: PanelVote[];
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

/**
 * Scores the model-judged criteria of one transcript. Implementations never throw for a problem with one
 * transcript: they return verdicts with `error` set, so the batch goes on.
 */
export interface Judge {
  /** Stored with every verdict, e.g. `offline:v1` or `openai:gpt-4.1-mini`. */
  readonly name: string;
  /**
   * Identity of everything besides the transcript and rubric that determines this judge's output
   * (provider, model, prompt template hash, parameters). Cache keys are built from it. Never contains a key.
   */
  readonly fingerprint: string;
  /** sha256 of the prompt template files, for model judges (shown by `cxqa audit`). */
  readonly promptTemplateHash?: string;
  judge(request: JudgeRequest): Promise<JudgeResponse>;
  close?(): Promise<void>;
}
