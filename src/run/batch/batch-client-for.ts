import type { BatchClient, BatchLimits } from '../../judge/provider/batch-client.js';
import type { LlmJudge } from '../../judge/llm/llm-judge.js';
import { BatchError } from './batch-error.js';

/**
 * The batch API client of a model judge, sharing its provider's SDK client (same key, base URL, timeout and
 * SDK retries). `limits` lowers the provider's batch size limits (tests, or smaller batches by choice).
 */
export function batchClientFor(judge: LlmJudge, limits: Partial<BatchLimits> = {}): BatchClient {
  const client = judge.modelProvider.batchClient?.(limits);
  if (!client) throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `judge ${judge.name} has no batch API`);
  return client;
}
