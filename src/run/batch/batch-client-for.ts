import { AnthropicProvider } from '../../judge/llm/anthropic-provider.js';
import type { LlmJudge } from '../../judge/llm/llm-judge.js';
import { OpenAIProvider } from '../../judge/llm/openai-provider.js';
import { ANTHROPIC_BATCH_LIMITS, AnthropicBatchClient } from './anthropic-batch-client.js';
import type { BatchClient, BatchLimits } from './batch-client.js';
import { BatchError } from './batch-error.js';
import { OPENAI_BATCH_LIMITS, OpenAIBatchClient } from './openai-batch-client.js';

/**
 * The batch API client of a model judge, sharing its provider's SDK client (same key, base URL, timeout and
 * SDK retries). `limits` lowers the provider's batch size limits (tests, or smaller batches by choice).
 */
export function batchClientFor(judge: LlmJudge, limits: Partial<BatchLimits> = {}): BatchClient {
  const provider = judge.modelProvider;
  if (provider instanceof OpenAIProvider) return new OpenAIBatchClient(provider.sdk, judge.redactSecrets, capped(OPENAI_BATCH_LIMITS, limits));
  if (provider instanceof AnthropicProvider) {
    return new AnthropicBatchClient(provider.sdk, judge.redactSecrets, capped(ANTHROPIC_BATCH_LIMITS, limits));
  }
  throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `judge ${judge.name} has no batch API`);
}

function capped(max: BatchLimits, wanted: Partial<BatchLimits>): BatchLimits {
  return {
    maxRequests: Math.max(1, Math.min(max.maxRequests, wanted.maxRequests ?? max.maxRequests)),
    maxBytes: Math.max(1, Math.min(max.maxBytes, wanted.maxBytes ?? max.maxBytes)),
  };
}
