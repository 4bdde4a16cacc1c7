import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request of a Message Batch. */
export type FakeMessageBatchOutcome =
  /** `succeeded` with a message whose content is one `record_verdicts` tool call with this input. */
  | { kind: 'succeeded'; input: unknown }
  /** `errored` with an Anthropic error response (`{ type: 'error', error: { type, message }, request_id }`). */
  | { kind: 'errored'; type: string; message: string }
  | { kind: 'expired' }
  | { kind: 'canceled' };

export interface AnthropicBatchScript {
  /** `processing_status` of successive `GET /v1/messages/batches/{id}` (the last repeats). Default `['in_progress', 'ended']`. */
  lifecycle?: string[];
  /** Outcome of request `index`. Default: `succeeded` with `answer`. */
  outcome?: (request: { custom_id: string; params: any }, index: number) => FakeMessageBatchOutcome;
  answer?: unknown;
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

interface FakeMessageBatch {
  id: string;
  created_at: string;
  retrieves: number;
  processing_status: string;
  requests: { custom_id: string; params: any }[];
  results?: { custom_id: string; result: unknown }[];
  script: AnthropicBatchScript;
}

/**
 * A fake Anthropic Message Batches API: `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}` with a
 * scripted `processing_status` lifecycle (in_progress → ended) and `request_counts`, and
 * `GET /v1/messages/batches/{id}/results` (JSONL `{ custom_id, result: { type, message | error } }`, at the
 * batch's `results_url`) from scripted per-request outcomes.
 */
export interface FakeAnthropicBatchServer {
  origin: string;
  baseURL: string;
  calls: RecordedCall[];
  batches: Map<string, FakeMessageBatch>;
  script: AnthropicBatchScript;
  close(): Promise<void>;
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(16).padStart(12, '0')}`;

export async function startFakeAnthropicBatchServer(script: AnthropicBatchScript = {}): Promise<FakeAnthropicBatchServer> {
  const fake = { calls: [] as RecordedCall[], batches: new Map<string, FakeMessageBatch>(), script };
  let origin = '';
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0]!;
    fake.calls.push({ method: req.method ?? '', path, headers: req.headers, rawBody });
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'request-id': nextId('req_') });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && path === '/v1/messages/batches') {
      const body = JSON.parse(rawBody) as { requests: { custom_id: string; params: any }[] };
      const batch: FakeMessageBatch = {
        id: nextId('msgbatch_'),
        created_at: new Date().toISOString(),
        retrieves: 0,
        processing_status: 'in_progress',
        requests: body.requests,
        script: fake.script,
      };
      fake.batches.set(batch.id, batch);
      return send(200, batchObject(batch, origin));
    }
    if (req.method === 'GET' && (m = /^\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path))) {
      const batch = fake.batches.get(m[1]!);
      if (!batch?.results) return send(404, { type: 'error', error: { type: 'not_found_error', message: 'no results' } });
      return send(200, batch.results.map((r) => `${JSON.stringify(r)}\n`).join(''), 'application/binary');
    }
    if (req.method === 'GET' && (m = /^\/v1\/messages\/batches\/([^/]+)$/.exec(path))) {
      const batch = fake.batches.get(m[1]!);
      if (!batch) return send(404, { type: 'error', error: { type: 'not_found_error', message: `batch ${m[1]} not found` } });
      advance(batch);
      return send(200, batchObject(batch, origin));
    }
    send(404, { type: 'error', error: { type: 'not_found_error', message: `no route ${req.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return Object.assign(fake, {
    origin,
    baseURL: origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function advance(batch: FakeMessageBatch): void {
  const lifecycle = batch.script.lifecycle ?? ['in_progress', 'ended'];
  const status = lifecycle[Math.min(batch.retrieves, lifecycle.length - 1)]!;
  batch.retrieves += 1;
  batch.processing_status = status;
  if (status !== 'ended' || batch.results) return;
  batch.results = batch.requests.map((r, index) => {
    const outcome = batch.script.outcome?.(r, index) ?? { kind: 'succeeded', input: batch.script.answer ?? {} };
    switch (outcome.kind) {
      case 'succeeded':
        return { custom_id: r.custom_id, result: { type: 'succeeded', message: message(r.params, outcome.input) } };
      case 'errored':
        return {
          custom_id: r.custom_id,
          result: { type: 'errored', error: { type: 'error', error: { type: outcome.type, message: outcome.message }, request_id: nextId('req_') } },
        };
      default:
        return { custom_id: r.custom_id, result: { type: outcome.kind } };
    }
  });
}

function message(params: any, input: unknown) {
  return {
    id: nextId('msg_'),
    type: 'message',
    role: 'assistant',
    model: params?.model ?? 'unknown',
    content: [{ type: 'tool_use', id: nextId('toolu_'), name: 'record_verdicts', input }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 1000, output_tokens: 250, cache_creation_input_tokens: 0, cache_read_input_tokens: 900, service_tier: 'batch' },
  };
}

function batchObject(b: FakeMessageBatch, origin: string) {
  const ended = b.processing_status === 'ended';
  const counts = { processing: ended ? 0 : b.requests.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
  for (const r of b.results ?? []) {
    const type = (r.result as { type: 'succeeded' | 'errored' | 'canceled' | 'expired' }).type;
    counts[type] += 1;
  }
  return {
    id: b.id,
    type: 'message_batch',
    processing_status: b.processing_status,
    request_counts: counts,
    ended_at: ended ? new Date().toISOString() : null,
    created_at: b.created_at,
    expires_at: new Date(Date.parse(b.created_at) + 86_400_000).toISOString(),
    archived_at: null,
    cancel_initiated_at: null,
    results_url: ended ? `${origin}/v1/messages/batches/${b.id}/results` : null,
  };
}
