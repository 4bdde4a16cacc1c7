import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import type { Redactor } from '../../llm/redact-secrets.js';
import type { BatchClient, BatchLimits, BatchOutcome, BatchRequestLine, BatchResultLine, BatchState } from '../batch-client.js';
import { batchErrorMessage, providerCodeForAnthropicType } from '../provider-error.js';
import { SdkBatchClient } from '../sdk-batch-client.js';
import { ANTHROPIC_ERRORS } from './anthropic-errors.js';

/**
 * Anthropic Message Batches through the official SDK: `messages.batches.create({ requests: [{ custom_id, params }] })`,
 * `messages.batches.retrieve` (`processing_status` in_progress / canceling / ended, `request_counts`), and
 * `messages.batches.results` (JSONL, one `{ custom_id, result: { type: succeeded | errored | canceled | expired } }` each).
 */
export class AnthropicBatchClient extends SdkBatchClient<'anthropic', Anthropic, APIError> implements BatchClient {
  constructor(client: Anthropic, redact: Redactor, limits: Partial<BatchLimits> = {}) {
    super('anthropic', ANTHROPIC_ERRORS, client, redact, limits);
  }

  sizeOf(line: BatchRequestLine): number {
    return Buffer.byteLength(JSON.stringify({ custom_id: line.customId, params: line.body })) + 1;
  }

  async submit(lines: readonly BatchRequestLine[]): Promise<BatchState> {
    const requests = lines.map((l) => ({
      custom_id: l.customId,
      params: l.body as unknown as Anthropic.Messages.MessageCreateParamsNonStreaming,
    }));
    return this.sdk(async () => toState(await this.client.messages.batches.create({ requests })));
  }

  async retrieve(id: string): Promise<BatchState> {
    return this.sdk(async () => toState(await this.client.messages.batches.retrieve(id)));
  }

  async *results(state: BatchState): AsyncIterable<BatchResultLine> {
    const decoder = await this.sdk(() => this.client.messages.batches.results(state.id));
    try {
      for await (const line of decoder) {
        if (!line || typeof line.custom_id !== 'string') continue;
        yield { customId: line.custom_id, outcome: this.outcomeOf(line.result) };
      }
    } catch (err) {
      throw this.callError(err);
    }
  }

  private outcomeOf(result: Anthropic.Messages.MessageBatchResult | undefined): BatchOutcome {
    switch (result?.type) {
      case 'succeeded':
        return { kind: 'succeeded', body: result.message };
      case 'expired':
        return { kind: 'expired' };
      case 'canceled':
        return { kind: 'canceled' };
      case 'errored': {
        const requestId = result.error?.request_id ?? undefined;
        const type = result.error?.error?.type;
        const message = batchErrorMessage('anthropic', result.error?.error?.message ?? 'the request failed', type, requestId, this.redact);
        return { kind: 'errored', code: providerCodeForAnthropicType(type), message, requestId };
      }
      default:
        return { kind: 'errored', code: 'PROVIDER_ERROR', message: 'anthropic: a batch result of unknown type' };
    }
  }

}

function toState(batch: Anthropic.Messages.MessageBatch): BatchState {
  const c = batch.request_counts;
  return {
    id: batch.id,
    phase: batch.processing_status === 'ended' ? 'ended' : 'pending',
    providerStatus: batch.processing_status,
    requestCounts: c ? { processing: c.processing, succeeded: c.succeeded, errored: c.errored, canceled: c.canceled, expired: c.expired } : null,
  };
}
