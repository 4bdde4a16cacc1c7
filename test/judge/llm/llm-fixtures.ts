import { parseRubric, type LoadedRubric } from '../../../src/rubric/load.js';
import type { Transcript } from '../../../src/transcript/schema.js';
import type { Judge } from '../../../src/judge/judge.js';
import { selectJudge, type JudgeOptions } from '../../../src/judge/select-judge.js';
import { anthropicError, anthropicRateLimited, startFakeAnthropicServer, toolUseMessage } from '../../helpers/fake-anthropic-server.js';
import { chatCompletion, openAIError, openAIRateLimited, startFakeOpenAIServer } from '../../helpers/fake-openai-server.js';
import type { RecordedRequest, ScriptedResponse, ScriptedServer } from '../../helpers/scripted-http-server.js';

/** A fake key: tests assert it never reaches the database, the CLI's output or an error message. */
export const FAKE_KEY = 'test-key-SECRET-123';

export const MINI_RUBRIC_YAML = `
id: mini_qa
version: "1"
title: Mini QA
criteria:
  - id: tone
    title: Tone
    kind: scale
    min: 1
    max: 5
    question: Was the agent courteous?
    anchors: { 1: Rude, 2: Cold, 3: Polite, 4: Warm, 5: Exceptional }
  - id: policy
    title: Policy
    kind: binary
    critical: true
    pass: No breach.
    fail: A breach.
  - id: resolution
    title: Resolution
    kind: category
    labels:
      - { id: resolved, score: 1 }
      - { id: unresolved, score: 0 }
  - id: handoff
    title: Hand-off
    kind: binary
    na: { allowed: true }
  - id: greeting
    title: Greeting rule
    kind: rule
    rule:
      check: must_include
      policy: Greet the customer.
      severity: low
      patterns: [ "sorry|hello|hi" ]
      scope: { roles: [agent] }
`;

export function miniRubric(): LoadedRubric {
  return parseRubric(MINI_RUBRIC_YAML, 'mini.yaml');
}

export const JUDGED_IDS = ['tone', 'policy', 'resolution', 'handoff'];

let n = 0;
export function orderTranscript(extra: Transcript['messages'] = []): Transcript {
  n += 1;
  return {
    id: `llm-${n}`,
    channel: 'chat',
    started_at: '2026-11-02T09:00:00Z',
    customer_id: `c-${n}`,
    messages: [
      { role: 'customer', text: 'My order #123 never arrived.' },
      { role: 'agent', text: "I'm sorry to hear that - I've sent a replacement,\n  it will arrive Friday." },
      { role: 'customer', text: "Thanks, that's great!" },
      ...extra,
    ],
  };
}

/** A valid answer for the mini rubric; quotes use curly apostrophes and an en dash (verified all the same). */
export function goodAnswer(): { verdicts: Record<string, unknown> } {
  return {
    verdicts: {
      tone: { rationale: 'Apologised and helped.', value: 4, evidence: [{ message: 1, quote: 'I’m sorry to hear that – I’ve sent a replacement, it will arrive Friday.' }] },
      policy: { rationale: 'No breach.', value: 'pass', evidence: [] },
      resolution: { rationale: 'Customer thanked the agent.', value: 'resolved', evidence: [{ message: 2, quote: 'Thanks, that’s great…' }] },
      handoff: { rationale: 'No hand-off happened.', value: null, na: true, evidence: [] },
    },
  };
}

/** The provider-specific parts a test needs, so each case runs against both providers. */
export interface ProviderHarness {
  provider: 'openai' | 'anthropic';
  spec: string;
  keyVar: 'OPENAI_API_KEY' | 'ANTHROPIC_API_KEY';
  start(): Promise<ScriptedServer & { baseURL: string }>;
  /** A successful structured answer. */
  answer(value: unknown, opts?: { truncated?: boolean; delayMs?: number }): ScriptedResponse;
  /** An answer that is not usable structured output (OpenAI: not JSON; Anthropic: text, no tool call). */
  malformed(): ScriptedResponse;
  rateLimited(): ScriptedResponse;
  serverError(): ScriptedResponse;
  /** An error whose message echoes the request's auth headers back (as a misbehaving proxy might). */
  echoAuthError(status: number): ScriptedResponse;
  system(req: RecordedRequest): string;
  user(req: RecordedRequest): string;
  schema(req: RecordedRequest): any;
  maxTokens(req: RecordedRequest): number;
  /** The text of the follow-up (repair) message in a request, if any. */
  followUp(req: RecordedRequest): string | undefined;
}

export const openaiHarness: ProviderHarness = {
  provider: 'openai',
  spec: 'openai:gpt-test',
  keyVar: 'OPENAI_API_KEY',
  start: startFakeOpenAIServer,
  answer: (value, opts = {}) =>
    chatCompletion(opts.truncated ? JSON.stringify(value).slice(0, 40) : value, {
      ...(opts.truncated ? { finish_reason: 'length' as const } : {}),
      ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
      cached_tokens: 1024,
    }),
  malformed: () => chatCompletion('{"verdicts": {"tone": {"rationale": "oops", '),
  rateLimited: () => openAIRateLimited(0),
  serverError: () => openAIError(500, { message: 'The server had an error while processing your request.', type: 'server_error', code: null }),
  echoAuthError: (status) =>
    openAIError(status, (req) => ({ message: `Incorrect API key provided: ${String(req.headers['authorization'])}`, type: 'invalid_request_error', code: 'invalid_api_key' })),
  system: (req) => req.body.messages[0].content,
  user: (req) => req.body.messages[1].content,
  schema: (req) => req.body.response_format.json_schema.schema,
  maxTokens: (req) => req.body.max_tokens ?? req.body.max_completion_tokens,
  followUp: (req) => (req.body.messages.length > 2 ? req.body.messages[3].content : undefined),
};

export const anthropicHarness: ProviderHarness = {
  provider: 'anthropic',
  spec: 'anthropic:claude-test',
  keyVar: 'ANTHROPIC_API_KEY',
  start: startFakeAnthropicServer,
  answer: (value, opts = {}) =>
    toolUseMessage(opts.truncated ? {} : value, {
      ...(opts.truncated ? { stop_reason: 'max_tokens' as const } : {}),
      ...(opts.delayMs ? { delayMs: opts.delayMs } : {}),
      cache_read_input_tokens: 900,
    }),
  malformed: () => toolUseMessage(undefined, { text: 'Here are my verdicts: tone 4, policy pass.' }),
  rateLimited: () => anthropicRateLimited(0),
  serverError: () => anthropicError(500, 'api_error', 'Internal server error'),
  echoAuthError: (status) =>
    anthropicError(status, 'authentication_error', (req) => `invalid x-api-key: ${String(req.headers['x-api-key'])} / ${String(req.headers['authorization'])}`),
  system: (req) => req.body.system[0].text,
  user: (req) => req.body.messages[0].content,
  schema: (req) => req.body.tools[0].input_schema,
  maxTokens: (req) => req.body.max_tokens,
  followUp: (req) => {
    const last = req.body.messages.length > 1 ? req.body.messages[2] : undefined;
    if (!last) return undefined;
    return typeof last.content === 'string' ? last.content : last.content[0].content;
  },
};

export const HARNESSES = [openaiHarness, anthropicHarness];

/** A judge for the harness's provider pointed at a fake server, with fast retries and timeouts. */
export function judgeFor(h: ProviderHarness, baseURL: string, options: JudgeOptions = {}): Judge {
  return selectJudge(h.spec, { baseUrl: baseURL, timeoutSeconds: 2, maxRetries: 2, env: { [h.keyVar]: FAKE_KEY }, ...options });
}
