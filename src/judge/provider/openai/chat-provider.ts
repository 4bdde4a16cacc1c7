import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { TokenUsage } from '../../../values/judge-call.js';
import type { RawAnswer } from '../../llm/parse-verdicts.js';
import type { ModelProvider, ProviderAnswer, ProviderRequest, ProviderSettings } from '../model-provider.js';
import type { BatchClient, BatchLimits } from '../batch-client.js';
import { callSdk } from '../provider-error.js';
import { OPENAI_ERRORS } from './openai-errors.js';
import { SdkChatProvider } from '../sdk-chat-provider.js';
import { OpenAIBatchClient } from './batch-client.js';
import { VERDICTS_TOOL_NAME } from '../../llm/verdict-schema.js';

/**
 * OpenAI Chat Completions with strict structured outputs (`response_format: json_schema`). Works with any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) through `baseURL`; for those, the older
 * `max_tokens` parameter is sent instead of `max_completion_tokens`, which not every server knows.
 */
export class OpenAIProvider extends SdkChatProvider<OpenAI> implements ModelProvider {
  readonly provider = 'openai' as const;

  constructor(settings: ProviderSettings) {
    super('openai', settings, (options) => new OpenAI(options));
  }

  /** The Batch API client on this provider's SDK client (same key, base URL, timeout, retries and redactor). */
  batchClient(limits?: Partial<BatchLimits>): BatchClient {
    return new OpenAIBatchClient(this.client, this.settings.redact, limits);
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
    const res = await callSdk('openai', OPENAI_ERRORS, this.settings.redact, () =>
      this.client.chat.completions.create(params, request.signal ? { signal: request.signal } : {}).withResponse(),
    );
    return this.answerFromBody(res.data, res.request_id);
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
