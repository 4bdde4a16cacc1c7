import Anthropic from '@anthropic-ai/sdk';
import type { TokenUsage } from '../../../values/judge-call.js';
import type { RawAnswer } from '../../llm/parse-verdicts.js';
import type { ModelProvider, ProviderAnswer, ProviderRequest, ProviderSettings } from '../model-provider.js';
import type { BatchClient, BatchLimits } from '../batch-client.js';
import { callSdk } from '../provider-error.js';
import { ANTHROPIC_ERRORS } from './anthropic-errors.js';
import { SdkChatProvider } from '../sdk-chat-provider.js';
import { AnthropicBatchClient } from './batch-client.js';
import { VERDICTS_TOOL_NAME } from '../../llm/verdict-schema.js';

type MessageParam = Anthropic.Messages.MessageParam;
type ContentBlock = Anthropic.Messages.ContentBlock;

/**
 * Anthropic Messages with a forced tool call (`tool_choice: { type: 'tool', name: 'record_verdicts' }`) whose
 * `input_schema` is the answer schema. The system block carries `cache_control`, so the rubric and
 * instructions (and the tool before them) are cached across transcripts.
 */
export class AnthropicProvider extends SdkChatProvider<Anthropic> implements ModelProvider {
  readonly provider = 'anthropic' as const;

  constructor(settings: ProviderSettings) {
    super('anthropic', settings, (options) => new Anthropic({ ...options, authToken: null }));
  }

  /** The Message Batches client on this provider's SDK client (same key, base URL, timeout, retries and redactor). */
  batchClient(limits?: Partial<BatchLimits>): BatchClient {
    return new AnthropicBatchClient(this.client, this.settings.redact, limits);
  }

  /** The exact Messages request body `complete` sends (also the `params` of a Message Batches request). */
  requestBody(request: ProviderRequest): Anthropic.Messages.MessageCreateParamsNonStreaming {
    const messages: MessageParam[] = [{ role: 'user', content: request.user }];
    if (request.followUp) messages.push(...followUpTurns(request.followUp.previous, request.followUp.message));
    return {
      model: this.model,
      max_tokens: request.maxTokens,
      system: [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }],
      messages,
      tools: [
        {
          name: VERDICTS_TOOL_NAME,
          description: 'Record the verdict of every criterion of the rubric for this conversation.',
          input_schema: request.schema as Anthropic.Messages.Tool.InputSchema,
        },
      ],
      tool_choice: { type: 'tool', name: VERDICTS_TOOL_NAME },
      ...(this.settings.temperature !== undefined ? { temperature: this.settings.temperature } : {}),
    };
  }

  async complete(request: ProviderRequest): Promise<ProviderAnswer> {
    const params = this.requestBody(request);
    const res = await callSdk('anthropic', ANTHROPIC_ERRORS, this.settings.redact, () =>
      this.client.messages.create(params, request.signal ? { signal: request.signal } : {}).withResponse(),
    );
    return this.answerFromBody(res.data, res.request_id);
  }

  /** Reads a message (a synchronous response or a Message Batches `succeeded` result's `message`). */
  answerFromBody(data: Anthropic.Messages.Message, requestId?: string | null): ProviderAnswer {
    const truncated = data.stop_reason === 'max_tokens';
    const content: ContentBlock[] = Array.isArray(data.content) ? data.content : [];
    const toolUse = content.find((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use' && b.name === VERDICTS_TOOL_NAME);
    let raw: RawAnswer;
    if (data.stop_reason === 'refusal') raw = { kind: 'refusal', reason: 'the model declined to answer (stop_reason: refusal)' };
    else if (toolUse) raw = { kind: 'object', value: toolUse.input, truncated };
    else raw = { kind: 'none', reason: `the answer has no ${VERDICTS_TOOL_NAME} tool call`, truncated };
    const answer: ProviderAnswer = { raw, assistantTurn: content };
    const usage = anthropicUsage(data.usage);
    if (usage) answer.usage = usage;
    if (requestId) answer.requestId = requestId;
    return answer;
  }
}

/**
 * The turns of a repair: the earlier assistant content, then a user turn. When the earlier answer was a
 * tool call, the repair message goes back as its `tool_result` with `is_error: true` (the documented way to
 * tell a model its tool input was wrong); otherwise as plain text.
 */
function followUpTurns(previous: ProviderAnswer, message: string): MessageParam[] {
  const blocks = (Array.isArray(previous.assistantTurn) ? previous.assistantTurn : []) as ContentBlock[];
  const toolUse = blocks.find((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use');
  if (toolUse) {
    return [
      { role: 'assistant', content: [{ type: 'tool_use', id: toolUse.id, name: toolUse.name, input: toolUse.input ?? {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, is_error: true, content: message }] },
    ];
  }
  const text = blocks
    .filter((b): b is Anthropic.Messages.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('\n')
    .trim();
  return [
    { role: 'assistant', content: text || '(no answer)' },
    { role: 'user', content: message },
  ];
}

function anthropicUsage(usage: Anthropic.Messages.Usage | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  // Anthropic counts cache reads and writes apart from `input_tokens`; cxqa reports all input tokens (as
  // OpenAI's `prompt_tokens` does) with the cached share in `cached_input_tokens`.
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const out: TokenUsage = { input_tokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite, output_tokens: usage.output_tokens ?? 0 };
  if (typeof usage.cache_read_input_tokens === 'number') out.cached_input_tokens = cacheRead;
  return out;
}
