import type { TokenUsage } from '../../values/judge-call.js';
import type { BatchClient, BatchLimits } from './batch-client.js';
import type { RawAnswer } from '../llm/parse-verdicts.js';
import type { JsonSchema } from '../llm/strict-json-schema.js';

/** One structured-output request to a model. */
export interface ProviderRequest {
  system: string;
  user: string;
  /** Strict JSON Schema of the answer (OpenAI `response_format`, Anthropic tool `input_schema`). */
  schema: JsonSchema;
  maxTokens: number;
  /** A repair: the earlier answer, and the follow-up message that says what was wrong with it. */
  followUp?: { previous: ProviderAnswer; message: string };
  signal?: AbortSignal;
}

/** What one call returned. */
export interface ProviderAnswer {
  raw: RawAnswer;
  usage?: TokenUsage;
  requestId?: string;
  /** The assistant turn as the provider expects it back in a follow-up (provider-specific). */
  assistantTurn: unknown;
}

/**
 * A chat model that answers with structured output. Implementations use their SDK's own retries
 * (`maxRetries`, honouring `retry-after`) and per-request timeout, and throw a `ProviderCallError`
 * when a call finally fails. They never retry on their own.
 */
export interface ModelProvider {
  readonly provider: 'openai' | 'anthropic';
  readonly model: string;
  /** The base URL in use, or undefined for the provider's default. Part of the judge fingerprint. */
  readonly baseURL: string | undefined;
  complete(request: ProviderRequest): Promise<ProviderAnswer>;
  /** The exact request body {@link complete} sends (provider batch APIs submit it as is). */
  requestBody?(request: ProviderRequest): object;
  /** Reads a response body as {@link complete} does (a batch result's response). */
  answerFromBody?(body: unknown, requestId?: string | null): ProviderAnswer;
  /** The provider's batch API on the same SDK client; `limits` lowers its batch size limits. */
  batchClient?(limits?: Partial<BatchLimits>): BatchClient;
}

/** Settings common to both providers. */
export interface ProviderSettings {
  model: string;
  apiKey: string;
  baseURL?: string | undefined;
  /** Per-request timeout, milliseconds: the whole request, response body included (see guarded-fetch.ts). */
  timeoutMs: number;
  /** The longest `retry-after` wait honoured, milliseconds (default 60,000). */
  maxRetryWaitMs?: number | undefined;
  /** Retries done by the SDK (429, 408, 409, 5xx, connection errors, timeouts). */
  maxRetries: number;
  temperature?: number | undefined;
  /** Removes keys from every message the provider produces (errors, SDK log lines). */
  redact: (text: string) => string;
}
