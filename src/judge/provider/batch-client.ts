import type { BatchFailure, BatchPhase, BatchProvider, BatchState } from '../../values/provider-batch.js';

// The batch states are shared with the store (which keeps them): they live in src/values/.
export type { BatchFailure, BatchPhase, BatchProvider, BatchState };

/** One request of a batch: its `custom_id` and the exact request body a synchronous call would send. */
export interface BatchRequestLine {
  customId: string;
  body: Record<string, unknown>;
}

/** The outcome of one request of an ended batch. */
export type BatchOutcome =
  | { kind: 'succeeded'; body: unknown; requestId?: string | undefined }
  | { kind: 'errored'; code: string; message: string; requestId?: string | undefined }
  | { kind: 'expired' }
  | { kind: 'canceled' };

/** One line of a batch's results. */
export interface BatchResultLine {
  customId: string;
  outcome: BatchOutcome;
}

/** Largest batch the provider takes. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

/** The providers' limits per batch: OpenAI 50,000 requests and 200 MB per input file, Anthropic 100,000 requests and 256 MB per Message Batch. */
export const PROVIDER_BATCH_LIMITS: Readonly<Record<BatchProvider, BatchLimits>> = {
  openai: { maxRequests: 50_000, maxBytes: 200 * 1000 * 1000 },
  anthropic: { maxRequests: 100_000, maxBytes: 256 * 1000 * 1000 },
};

/**
 * A provider batch API. Implementations use their SDK (and so its retries: one retry layer) and throw a
 * `ProviderCallError` with a redacted message when a call finally fails. They never retry on their own.
 */
export interface BatchClient {
  readonly provider: BatchProvider;
  readonly limits: BatchLimits;
  /** Bytes one request adds to a batch (for chunking at `limits.maxBytes`). */
  sizeOf(line: BatchRequestLine): number;
  /** Submits one batch (at most `limits`). */
  submit(lines: readonly BatchRequestLine[], metadata: Record<string, string>): Promise<BatchState>;
  /** The batch's current state. */
  retrieve(id: string): Promise<BatchState>;
  /** The results of an ended batch, one per request, in any order. */
  results(state: BatchState): AsyncIterable<BatchResultLine>;
}

/** `max` lowered by `wanted` (never below 1). */
export function cappedLimits(max: BatchLimits, wanted: Partial<BatchLimits>): BatchLimits {
  return {
    maxRequests: Math.max(1, Math.min(max.maxRequests, wanted.maxRequests ?? max.maxRequests)),
    maxBytes: Math.max(1, Math.min(max.maxBytes, wanted.maxBytes ?? max.maxBytes)),
  };
}
