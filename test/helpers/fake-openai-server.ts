import { startScriptedServer, type RecordedRequest, type ScriptedResponse, type ScriptedServer } from './scripted-http-server.js';

/**
 * A fake OpenAI Chat Completions server speaking the real protocol: `POST /v1/chat/completions` answers
 * a `chat.completion` object with an `x-request-id` header; errors use OpenAI's error JSON
 * (`{ "error": { "message", "type", "param", "code" } }`).
 */
export interface FakeOpenAIServer extends ScriptedServer {
  /** Base URL for the SDK / `--base-url`: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(16).padStart(8, '0')}`;

export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const server = await startScriptedServer('/v1/chat/completions', () =>
    openAIError(500, { message: 'fake server: no scripted response left', type: 'server_error', code: null }),
  );
  return Object.assign(server, { baseURL: `${server.origin}/v1` });
}

export interface CompletionOptions {
  finish_reason?: 'stop' | 'length' | 'content_filter';
  refusal?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
  delayMs?: number;
}

/** A successful chat completion whose message content is `content` (an object is sent as JSON text). */
export function chatCompletion(content: unknown, opts: CompletionOptions = {}): ScriptedResponse {
  const requestId = nextId('req_');
  const promptTokens = opts.prompt_tokens ?? 1200;
  const completionTokens = opts.completion_tokens ?? 300;
  return {
    status: 200,
    headers: { 'x-request-id': requestId, 'openai-processing-ms': '12' },
    ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
    body: (req: RecordedRequest) => ({
      id: nextId('chatcmpl-'),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: req.body?.model ?? 'unknown',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: opts.refusal ? null : typeof content === 'string' ? content : JSON.stringify(content),
            refusal: opts.refusal ?? null,
            annotations: [],
          },
          logprobs: null,
          finish_reason: opts.finish_reason ?? 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: opts.cached_tokens ?? 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    }),
  };
}

export interface OpenAIErrorBody {
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
}

/** An error response in OpenAI's shape. `message` may be computed from the request (to echo headers). */
export function openAIError(
  status: number,
  error: OpenAIErrorBody | ((req: RecordedRequest) => OpenAIErrorBody),
  headers: Record<string, string> = {},
): ScriptedResponse {
  return {
    status,
    headers: { 'x-request-id': nextId('req_'), ...headers },
    body: (req: RecordedRequest) => {
      const e = typeof error === 'function' ? error(req) : error;
      return { error: { message: e.message, type: e.type, param: e.param ?? null, code: e.code } };
    },
  };
}

/** A 429 the way OpenAI sends it, with `retry-after`. */
export function openAIRateLimited(retryAfterSeconds = 0): ScriptedResponse {
  return openAIError(
    429,
    { message: 'Rate limit reached for gpt-test on tokens per min (TPM). Please try again in 0s.', type: 'tokens', code: 'rate_limit_exceeded' },
    { 'retry-after': String(retryAfterSeconds) },
  );
}
