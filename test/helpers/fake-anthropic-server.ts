import { startScriptedServer, type RecordedRequest, type ScriptedResponse, type ScriptedServer } from './scripted-http-server.js';

/**
 * A fake Anthropic Messages server speaking the real protocol: `POST /v1/messages` answers a `message`
 * object with a `request-id` header; errors use Anthropic's error JSON
 * (`{ "type": "error", "error": { "type", "message" }, "request_id" }`).
 */
export interface FakeAnthropicServer extends ScriptedServer {
  /** Base URL for the SDK / `--base-url` / `ANTHROPIC_BASE_URL`: `http://127.0.0.1:<port>`. */
  baseURL: string;
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(16).padStart(12, '0')}`;

export async function startFakeAnthropicServer(): Promise<FakeAnthropicServer> {
  const server = await startScriptedServer('/v1/messages', () => anthropicError(500, 'api_error', 'fake server: no scripted response left'));
  return Object.assign(server, { baseURL: server.origin });
}

export interface MessageOptions {
  stop_reason?: 'tool_use' | 'max_tokens' | 'end_turn' | 'refusal';
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  /** Answer with a text block instead of the tool call. */
  text?: string;
  toolName?: string;
  delayMs?: number;
}

/** A message whose content is one `tool_use` block with the given input (the forced tool call). */
export function toolUseMessage(input: unknown, opts: MessageOptions = {}): ScriptedResponse {
  const requestId = nextId('req_');
  return {
    status: 200,
    headers: { 'request-id': requestId },
    ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
    body: (req: RecordedRequest) => ({
      id: nextId('msg_'),
      type: 'message',
      role: 'assistant',
      model: req.body?.model ?? 'unknown',
      content:
        opts.text !== undefined
          ? [{ type: 'text', text: opts.text, citations: null }]
          : [{ type: 'tool_use', id: nextId('toolu_'), name: opts.toolName ?? 'record_verdicts', input }],
      stop_reason: opts.stop_reason ?? (opts.text !== undefined ? 'end_turn' : 'tool_use'),
      stop_sequence: null,
      usage: {
        input_tokens: opts.input_tokens ?? 1000,
        output_tokens: opts.output_tokens ?? 250,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: opts.cache_read_input_tokens ?? 0,
        service_tier: 'standard',
      },
    }),
  };
}

/** An error response in Anthropic's shape. `message` may be computed from the request (to echo headers). */
export function anthropicError(
  status: number,
  type: string,
  message: string | ((req: RecordedRequest) => string),
  headers: Record<string, string> = {},
): ScriptedResponse {
  const requestId = nextId('req_');
  return {
    status,
    headers: { 'request-id': requestId, ...headers },
    body: (req: RecordedRequest) => ({
      type: 'error',
      error: { type, message: typeof message === 'function' ? message(req) : message },
      request_id: requestId,
    }),
  };
}

/** A 429 the way Anthropic sends it, with `retry-after`. */
export function anthropicRateLimited(retryAfterSeconds = 0): ScriptedResponse {
  return anthropicError(429, 'rate_limit_error', 'This request would exceed your rate limit.', { 'retry-after': String(retryAfterSeconds) });
}
