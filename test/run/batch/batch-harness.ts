import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, vi } from 'vitest';
import { pathIn } from '../../helpers/temp-dir.js';
import { startFakeAnthropicBatchServer, type AnthropicBatchScript, type FakeAnthropicBatchServer } from '../../helpers/fake-anthropic-batch-server.js';
import { startFakeOpenAIBatchServer, type FakeOpenAIBatchServer, type OpenAIBatchScript } from '../../helpers/fake-openai-batch-server.js';
import { anthropicHarness, FAKE_KEY, goodAnswer, MINI_RUBRIC_YAML, openaiHarness, type ProviderHarness } from '../../judge/llm/llm-fixtures.js';
export { everythingStoredIn, queryDb as query } from '../../helpers/database-contents.js';

/** Per-request outcome, provider-neutral. */
export type Outcome = 'ok' | 'error' | 'expired';

export interface BatchServer {
  baseURL: string;
  /** Number of batches created so far, and the requests of each. */
  batchSizes(): number[];
  /** custom_ids of every request submitted, in order. */
  submittedIds(): string[];
  /** Every request's headers and body, as text (to look for keys). */
  wire(): string;
  /** The bodies of the requests submitted in batches (the synchronous request bodies). */
  requestBodies(): any[];
  /** The script of the batches created from now on (same server, so the same base URL and judge fingerprint). */
  rescript(script?: Script): void;
  close(): Promise<void>;
}

/** Lifecycle of the provider's batch status, and each request's outcome. */
export interface Script {
  lifecycle?: string[];
  outcome?: (index: number) => Outcome;
  /** The judge's answer to every `ok` request (default {@link goodAnswer}). */
  answer?: unknown;
}

export interface BatchHarness {
  provider: 'openai' | 'anthropic';
  spec: string;
  keyVar: 'OPENAI_API_KEY' | 'ANTHROPIC_API_KEY';
  sync: ProviderHarness;
  start(script?: Script): Promise<BatchServer>;
}

const openaiBatch: BatchHarness = {
  provider: 'openai',
  spec: 'openai:gpt-test',
  keyVar: 'OPENAI_API_KEY',
  sync: openaiHarness,
  async start(script = {}) {
    const s: FakeOpenAIBatchServer = await startFakeOpenAIBatchServer(openaiScript(script));
    return {
      baseURL: s.baseURL,
      batchSizes: () => [...s.batches.values()].map((b) => b.lines.length),
      submittedIds: () => [...s.batches.values()].flatMap((b) => b.lines.map((l) => l.custom_id)),
      requestBodies: () => [...s.batches.values()].flatMap((b) => b.lines.map((l) => l.body)),
      wire: () => JSON.stringify(s.calls),
      rescript: (next = {}) => {
        s.script = openaiScript(next);
      },
      close: () => s.close(),
    };
  },
};

function openaiScript(script: Script): OpenAIBatchScript {
  const answer = script.answer ?? goodAnswer();
  return {
    answer,
    ...(script.lifecycle ? { lifecycle: script.lifecycle } : {}),
    ...(script.outcome
      ? {
          outcome: (_line, i) => {
            const o = script.outcome!(i);
            if (o === 'error') return { kind: 'http_error', status: 400, error: { message: 'Invalid schema for response_format', type: 'invalid_request_error', code: 'invalid_json_schema' } };
            if (o === 'expired') return { kind: 'expired' };
            return { kind: 'ok', content: answer };
          },
        }
      : {}),
  };
}

const anthropicBatch: BatchHarness = {
  provider: 'anthropic',
  spec: 'anthropic:claude-test',
  keyVar: 'ANTHROPIC_API_KEY',
  sync: anthropicHarness,
  async start(script = {}) {
    const s: FakeAnthropicBatchServer = await startFakeAnthropicBatchServer(anthropicScript(script));
    return {
      baseURL: s.baseURL,
      batchSizes: () => [...s.batches.values()].map((b) => b.requests.length),
      submittedIds: () => [...s.batches.values()].flatMap((b) => b.requests.map((r) => r.custom_id)),
      requestBodies: () => [...s.batches.values()].flatMap((b) => b.requests.map((r) => r.params)),
      wire: () => JSON.stringify(s.calls),
      rescript: (next = {}) => {
        s.script = anthropicScript(next);
      },
      close: () => s.close(),
    };
  },
};

function anthropicScript(script: Script): AnthropicBatchScript {
  const answer = script.answer ?? goodAnswer();
  return {
    answer,
    ...(script.lifecycle ? { lifecycle: script.lifecycle.map((l) => (l === 'completed' || l === 'expired' ? 'ended' : l)) } : {}),
    ...(script.outcome
      ? {
          outcome: (_r, i) => {
            const o = script.outcome!(i);
            if (o === 'error') return { kind: 'errored', type: 'invalid_request_error', message: 'tools.0.input_schema: invalid' };
            if (o === 'expired') return { kind: 'expired' };
            return { kind: 'succeeded', input: answer };
          },
        }
      : {}),
  };
}

export const BATCH_HARNESSES = [openaiBatch, anthropicBatch];

/** Files of one batch test: input, rubric, database and a price config in a fresh temp dir. */
export interface BatchWorkspace {
  input: string;
  rubricFile: string;
  dbPath: string;
  configFile: string;
}

/**
 * For a `beforeEach`: clears every provider variable, sets the harness's fake key, and writes the mini
 * rubric and a price config for the harness's model (the input file is left for the test to write).
 */
export function prepareBatchWorkspace(h: BatchHarness, dir: () => string): BatchWorkspace {
  for (const v of ['OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN']) vi.stubEnv(v, undefined);
  vi.stubEnv(h.keyVar, FAKE_KEY);
  const ws: BatchWorkspace = {
    input: pathIn(dir(), 'in.jsonl'),
    rubricFile: pathIn(dir(), 'rubric.yaml'),
    dbPath: pathIn(dir(), 'cxqa.db'),
    configFile: pathIn(dir(), 'cxqa.config.yaml'),
  };
  writeFileSync(ws.rubricFile, MINI_RUBRIC_YAML);
  writeFileSync(ws.configFile, `prices:\n  "${h.spec}": { input: 2, cached_input: 1, output: 8 }\n`);
  return ws;
}

/**
 * For a `describe` per harness, after `useTempDir()`: a fresh {@link prepareBatchWorkspace} before each test, and
 * `start` for the fake batch server, which is closed (and the environment restored) after each test.
 */
export function useBatchWorkspace(h: BatchHarness, dir: () => string): { readonly ws: BatchWorkspace; readonly server: BatchServer; start(script?: Script): Promise<BatchServer> } {
  let ws: BatchWorkspace | undefined;
  let server: BatchServer | undefined;
  beforeEach(() => {
    ws = prepareBatchWorkspace(h, dir);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    server = undefined;
  });
  return {
    get ws() {
      return ws!;
    },
    get server() {
      if (!server) throw new Error('start() the batch server first');
      return server;
    },
    start: async (script) => (server = await h.start(script)),
  };
}
