import type { JudgedCriterion, Rubric } from '../rubric/schema.js';
import type { Transcript } from '../transcript/schema.js';
import type { JudgeCall, PanelVote, TokenUsage } from '../values/judge-call.js';
import type { Verdict } from '../values/verdict.js';

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
