import OpenAI, { toFile, type APIError } from 'openai';
import type { Redactor } from '../../llm/redact-secrets.js';
import type { BatchClient, BatchLimits, BatchOutcome, BatchPhase, BatchRequestLine, BatchResultLine, BatchState } from '../batch-client.js';
import { jsonLines } from '../json-lines.js';
import { batchErrorMessage, providerCodeForStatus } from '../provider-error.js';
import { SdkBatchClient } from '../sdk-batch-client.js';
import { OPENAI_ERRORS } from './openai-errors.js';

/** The Batch API endpoint cxqa's requests go to. */
export const OPENAI_BATCH_ENDPOINT = '/v1/chat/completions';

/**
 * The OpenAI Batch API through the official SDK: the requests go up as a JSONL file (`files.create`,
 * `purpose: 'batch'`), one line `{ custom_id, method: 'POST', url: '/v1/chat/completions', body }` each; the
 * batch is created with `completion_window: '24h'`; results come from the output and error files
 * (`files.content`), one line `{ id, custom_id, response: { status_code, request_id, body } | null, error }` each.
 */
export class OpenAIBatchClient extends SdkBatchClient<'openai', OpenAI, APIError> implements BatchClient {
  constructor(client: OpenAI, redact: Redactor, limits: Partial<BatchLimits> = {}) {
    super('openai', OPENAI_ERRORS, client, redact, limits);
  }

  sizeOf(line: BatchRequestLine): number {
    return Buffer.byteLength(inputLine(line)) + 1;
  }

  async submit(lines: readonly BatchRequestLine[], metadata: Record<string, string>): Promise<BatchState> {
    const jsonl = lines.map(inputLine).join('\n') + '\n';
    return this.sdk(async () => {
      const file = await this.client.files.create({ file: await toFile(Buffer.from(jsonl, 'utf8'), 'cxqa-batch.jsonl'), purpose: 'batch' });
      const batch = await this.client.batches.create({
        input_file_id: file.id,
        endpoint: OPENAI_BATCH_ENDPOINT,
        completion_window: '24h',
        metadata,
      });
      return toState(batch);
    });
  }

  async retrieve(id: string): Promise<BatchState> {
    return this.sdk(async () => toState(await this.client.batches.retrieve(id)));
  }

  async *results(state: BatchState): AsyncIterable<BatchResultLine> {
    for (const fileId of [state.outputFileId, state.errorFileId]) {
      if (!fileId) continue;
      const response = await this.sdk(() => this.client.files.content(fileId));
      for await (const value of jsonLines(response)) {
        const line = this.readLine(value);
        if (line) yield line;
      }
    }
  }

  private readLine(value: unknown): BatchResultLine | undefined {
    if (!value || typeof value !== 'object') return undefined;
    const v = value as { custom_id?: unknown; response?: unknown; error?: unknown };
    if (typeof v.custom_id !== 'string') return undefined;
    return { customId: v.custom_id, outcome: this.outcomeOf(v.response, v.error) };
  }

  private outcomeOf(response: unknown, error: unknown): BatchOutcome {
    const res = response as { status_code?: number; request_id?: string; body?: unknown } | null | undefined;
    if (res && typeof res.status_code === 'number') {
      const requestId = typeof res.request_id === 'string' ? res.request_id : undefined;
      if (res.status_code >= 200 && res.status_code < 300) return { kind: 'succeeded', body: res.body, requestId };
      const body = res.body as { error?: { message?: string; type?: string; code?: string | null } } | undefined;
      const message = batchErrorMessage('openai', body?.error?.message ?? `HTTP ${res.status_code}`, body?.error?.code ?? body?.error?.type, requestId, this.redact);
      return { kind: 'errored', code: providerCodeForStatus(res.status_code), message, requestId };
    }
    const err = error as { code?: string; message?: string } | null | undefined;
    if (err?.code === 'batch_expired') return { kind: 'expired' };
    if (err?.code === 'batch_cancelled') return { kind: 'canceled' };
    const message = batchErrorMessage('openai', err?.message ?? 'the batch gave no response for this request', err?.code, undefined, this.redact);
    return { kind: 'errored', code: 'PROVIDER_ERROR', message };
  }

}

function inputLine(line: BatchRequestLine): string {
  return JSON.stringify({ custom_id: line.customId, method: 'POST', url: OPENAI_BATCH_ENDPOINT, body: line.body });
}

function phaseOf(status: OpenAI.Batches.Batch['status']): BatchPhase {
  switch (status) {
    case 'completed':
    case 'expired':
    case 'cancelled':
      return 'ended';
    case 'failed':
      return 'failed';
    default:
      return 'pending';
  }
}

function toState(batch: OpenAI.Batches.Batch): BatchState {
  const counts = batch.request_counts;
  return {
    id: batch.id,
    phase: phaseOf(batch.status),
    providerStatus: batch.status,
    requestCounts: counts ? { total: counts.total, completed: counts.completed, failed: counts.failed } : null,
    inputFileId: batch.input_file_id ?? null,
    outputFileId: batch.output_file_id ?? null,
    errorFileId: batch.error_file_id ?? null,
    ...(batch.errors?.data?.length
      ? { errors: batch.errors.data.map((e) => ({ code: e.code ?? 'unknown', message: e.message ?? '', line: e.line ?? null })) }
      : {}),
  };
}
