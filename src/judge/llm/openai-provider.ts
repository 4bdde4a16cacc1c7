import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { TokenUsage } from '../judge.js';
import type { RawAnswer } from './parse-verdicts.js';
import type { ModelProvider, ProviderAnswer, ProviderRequest, ProviderSettings } from './model-provider.js';
import { cappedWaitNote, guardedFetch, RequestTimeoutError } from './guarded-fetch.js';
import { toProviderCallError, type SdkErrorFacts } from './provider-error.js';
import { redactingLogger } from './sdk-logger.js';
import { VERDICTS_TOOL_NAME } from './verdict-schema.js';

/**
 * OpenAI Chat Completions with strict structured outputs (`response_format: json_schema`). Works with any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) through `baseURL`; for those, the older
 * `max_tokens` parameter is sent instead of `max_completion_tokens`, which not every server knows.
 */
export class OpenAIProvider implements ModelProvider {
  readonly provider = 'openai' as const;
  readonly model: string;
  readonly baseURL: string | undefined;
  private readonly client: OpenAI;
  private readonly settings: ProviderSettings;

  constructor(settings: ProviderSettings) {
    this.settings = settings;
    this.model = settings.model;
    this.baseURL = settings.baseURL;
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      fetch: guardedFetch({ timeoutMs: settings.timeoutMs, maxRetryWaitMs: settings.maxRetryWaitMs ?? 60_000 }),
      logger: redactingLogger('openai', settings.redact),
    });
  }

  /** The SDK client (shared with the Batch API client, so both use the same key, base URL, timeout and retries). */
  get sdk(): OpenAI {
    return this.client;
  }

  /** The exact Chat Completions request body `complete` sends (also the `body` of a Batch API input line). */
  requestBody(request: ProviderRequest): ChatCompletionCreateParamsNonStreaming {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      { role: 'user', content: request.user },
    ];
    if (request.followUp) {
      messages.push({ role: 'assistant', content: String(request.followUp.previous.assistantTurn ?? '') });
      messages.push({ role: 'user', content: request.followUp.message });
    }
    return {
      model: this.model,
      messages,
      response_format: { type: 'json_schema', json_schema: { name: VERDICTS_TOOL_NAME, strict: true, schema: request.schema } },
      ...(this.settings.temperature !== undefined ? { temperature: this.settings.temperature } : {}),
      ...(this.baseURL ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
    };
  }

  async complete(request: ProviderRequest): Promise<ProviderAnswer> {
    const params = this.requestBody(request);
    let data: OpenAI.Chat.Completions.ChatCompletion;
    let requestId: string | null | undefined;
    try {
      const res = await this.client.chat.completions.create(params, request.signal ? { signal: request.signal } : {}).withResponse();
      data = res.data;
      requestId = res.request_id;
    } catch (err) {
      throw toProviderCallError('openai', openAIErrorFacts(err), this.settings.redact);
    }
    return this.answerFromBody(data, requestId);
  }

  /** Reads a chat completion (a synchronous response or a Batch API output line's `response.body`). */
  answerFromBody(data: OpenAI.Chat.Completions.ChatCompletion, requestId?: string | null): ProviderAnswer {
    const choice = data.choices?.[0];
    const truncated = choice?.finish_reason === 'length';
    const content = choice?.message?.content;
    let raw: RawAnswer;
    if (choice?.message?.refusal) raw = { kind: 'refusal', reason: this.settings.redact(choice.message.refusal) };
    else if (choice?.finish_reason === 'content_filter') raw = { kind: 'refusal', reason: 'the answer was stopped by a content filter' };
    else if (typeof content === 'string' && content.trim() !== '') raw = { kind: 'text', text: content, truncated };
    else raw = { kind: 'none', reason: 'the answer has no content', truncated };
    const answer: ProviderAnswer = { raw, assistantTurn: content ?? '' };
    const usage = openAIUsage(data.usage);
    if (usage) answer.usage = usage;
    if (requestId) answer.requestId = requestId;
    return answer;
  }
}

function openAIUsage(usage: OpenAI.Completions.CompletionUsage | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const out: TokenUsage = { input_tokens: usage.prompt_tokens ?? 0, output_tokens: usage.completion_tokens ?? 0 };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number') out.cached_input_tokens = cached;
  return out;
}

/** Classifies an error thrown by the OpenAI SDK. */
export function openAIErrorFacts(err: unknown): SdkErrorFacts {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RequestTimeoutError || (err as { cause?: unknown } | null)?.cause instanceof RequestTimeoutError) return { kind: 'timeout', message };
  if (err instanceof APIUserAbortError) return { kind: 'aborted', message };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout', message };
  if (err instanceof APIConnectionError) return { kind: 'connection', message };
  if (err instanceof APIError) {
    return { kind: 'http', status: err.status, type: err.code ?? err.type, requestId: err.requestID, message: message + cappedWaitNote(err.headers) };
  }
  return { kind: 'other', message };
}
