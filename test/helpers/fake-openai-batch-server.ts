import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request of a batch. */
export type FakeBatchOutcome =
  /** 200 with a chat completion whose content is `content` (an object is sent as JSON text). */
  | { kind: 'ok'; content: unknown }
  /** A non-200 response in the error file: `{ response: { status_code, request_id, body: { error } } }`. */
  | { kind: 'http_error'; status: number; error: { message: string; type: string; code: string | null } }
  /** `{ response: null, error: { code: 'batch_expired' } }` in the error file. */
  | { kind: 'expired' };

export interface OpenAIBatchScript {
  /** Statuses of successive `GET /v1/batches/{id}` (the last repeats). Default `['in_progress', 'completed']`. */
  lifecycle?: string[];
  /** Outcome of request `index` of the batch. Default: `ok` with `answer`. */
  outcome?: (line: { custom_id: string; body: any }, index: number) => FakeBatchOutcome;
  /** Default content of an `ok` outcome. */
  answer?: unknown;
  /** `errors.data` of a `failed` batch. */
  errors?: { code: string; message: string; line?: number | null; param?: string | null }[];
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

interface FakeFile {
  id: string;
  purpose: string;
  filename: string;
  content: string;
}

interface FakeBatch {
  id: string;
  input_file_id: string;
  endpoint: string;
  created_at: number;
  metadata: Record<string, string> | null;
  retrieves: number;
  status: string;
  output_file_id?: string;
  error_file_id?: string;
  script: OpenAIBatchScript;
  lines: { custom_id: string; method: string; url: string; body: any }[];
}

/**
 * A fake OpenAI Files + Batch API: `POST /v1/files` (multipart upload, `purpose=batch`), `GET /v1/files/{id}/content`,
 * `POST /v1/batches`, `GET /v1/batches/{id}` with a scripted lifecycle (validating → in_progress → completed,
 * or failed / expired / cancelled), and output / error files built from scripted per-request outcomes in the
 * real line shape `{ id, custom_id, response: { status_code, request_id, body } | null, error }`.
 */
export interface FakeOpenAIBatchServer {
  origin: string;
  /** For `--base-url`: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  calls: RecordedCall[];
  files: Map<string, FakeFile>;
  batches: Map<string, FakeBatch>;
  /** The script of the batches created from now on. */
  script: OpenAIBatchScript;
  close(): Promise<void>;
}

let seq = 0;
const nextId = (prefix: string) => `${prefix}${(++seq).toString(16).padStart(10, '0')}`;

export async function startFakeOpenAIBatchServer(script: OpenAIBatchScript = {}): Promise<FakeOpenAIBatchServer> {
  const fake = { calls: [] as RecordedCall[], files: new Map<string, FakeFile>(), batches: new Map<string, FakeBatch>(), script };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0]!;
    fake.calls.push({ method: req.method ?? '', path, headers: req.headers, rawBody });
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'x-request-id': nextId('req_') });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && path === '/v1/files') {
      const form = parseMultipart(rawBody, String(req.headers['content-type'] ?? ''));
      const file: FakeFile = { id: nextId('file-'), purpose: form.fields['purpose'] ?? '', filename: form.filename ?? 'upload', content: form.file ?? '' };
      fake.files.set(file.id, file);
      return send(200, fileObject(file));
    }
    if (req.method === 'GET' && (m = /^\/v1\/files\/([^/]+)\/content$/.exec(path))) {
      const file = fake.files.get(m[1]!);
      return file ? send(200, file.content, 'application/octet-stream') : send(404, notFound(`No such File object: ${m[1]}`));
    }
    if (req.method === 'POST' && path === '/v1/batches') {
      const body = JSON.parse(rawBody) as { input_file_id: string; endpoint: string; completion_window: string; metadata?: Record<string, string> };
      const input = fake.files.get(body.input_file_id);
      if (!input) return send(404, notFound(`No such File object: ${body.input_file_id}`));
      const lines = input.content.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
      const batch: FakeBatch = {
        id: nextId('batch_'),
        input_file_id: input.id,
        endpoint: body.endpoint,
        created_at: Math.floor(Date.now() / 1000),
        metadata: body.metadata ?? null,
        retrieves: 0,
        status: 'validating',
        script: fake.script,
        lines,
      };
      fake.batches.set(batch.id, batch);
      return send(200, batchObject(batch));
    }
    if (req.method === 'GET' && (m = /^\/v1\/batches\/([^/]+)$/.exec(path))) {
      const batch = fake.batches.get(m[1]!);
      if (!batch) return send(404, notFound(`No batch found with id '${m[1]}'.`));
      advance(batch, fake.files);
      return send(200, batchObject(batch));
    }
    send(404, notFound(`no route ${req.method} ${path}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return Object.assign(fake, {
    origin,
    baseURL: `${origin}/v1`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

function advance(batch: FakeBatch, files: Map<string, FakeFile>): void {
  const lifecycle = batch.script.lifecycle ?? ['in_progress', 'completed'];
  const status = lifecycle[Math.min(batch.retrieves, lifecycle.length - 1)]!;
  batch.retrieves += 1;
  if (status === batch.status) return;
  batch.status = status;
  if (status !== 'completed' && status !== 'expired' && status !== 'cancelled') return;
  const output: string[] = [];
  const errors: string[] = [];
  batch.lines.forEach((line, index) => {
    const outcome = batch.script.outcome?.(line, index) ?? { kind: 'ok', content: batch.script.answer ?? {} };
    // Without scripted outcomes, an expired (or cancelled) batch leaves its second half unfinished.
    const unfinished = status !== 'completed' && !batch.script.outcome && index >= Math.ceil(batch.lines.length / 2);
    const id = nextId('batch_req_');
    if (unfinished || outcome.kind === 'expired') {
      const code = status === 'cancelled' ? 'batch_cancelled' : 'batch_expired';
      errors.push(JSON.stringify({ id, custom_id: line.custom_id, response: null, error: { code, message: 'This request could not be executed before the completion window expired.' } }));
    } else if (outcome.kind === 'http_error') {
      errors.push(
        JSON.stringify({
          id,
          custom_id: line.custom_id,
          response: { status_code: outcome.status, request_id: nextId('req_'), body: { error: { ...outcome.error, param: null } } },
          error: null,
        }),
      );
    } else {
      output.push(JSON.stringify({ id, custom_id: line.custom_id, response: { status_code: 200, request_id: nextId('req_'), body: completion(line.body, outcome.content) }, error: null }));
    }
  });
  const write = (lines: string[]) => {
    const file: FakeFile = { id: nextId('file-'), purpose: 'batch_output', filename: 'out.jsonl', content: lines.map((l) => `${l}\n`).join('') };
    files.set(file.id, file);
    return file.id;
  };
  if (output.length > 0) batch.output_file_id = write(output);
  if (errors.length > 0) batch.error_file_id = write(errors);
}

function completion(body: any, content: unknown) {
  return {
    id: nextId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'unknown',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content), refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 } },
  };
}

function batchObject(b: FakeBatch) {
  const total = b.lines.length;
  const ended = ['completed', 'expired', 'cancelled'].includes(b.status);
  const failedCount = ended ? b.lines.filter((l, i) => b.script.outcome?.(l, i)?.kind !== undefined && b.script.outcome?.(l, i)?.kind !== 'ok').length : 0;
  return {
    id: b.id,
    object: 'batch',
    endpoint: b.endpoint,
    errors: b.status === 'failed' ? { object: 'list', data: (b.script.errors ?? [{ code: 'invalid_request', message: 'invalid input' }]).map((e) => ({ line: null, param: null, ...e })) } : null,
    input_file_id: b.input_file_id,
    completion_window: '24h',
    status: b.status,
    output_file_id: b.output_file_id ?? null,
    error_file_id: b.error_file_id ?? null,
    created_at: b.created_at,
    in_progress_at: null,
    expires_at: b.created_at + 86_400,
    completed_at: b.status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    failed_at: null,
    expired_at: null,
    request_counts: { total, completed: ended ? total - failedCount : 0, failed: failedCount },
    metadata: b.metadata,
  };
}

function fileObject(f: FakeFile) {
  return { id: f.id, object: 'file', bytes: Buffer.byteLength(f.content), created_at: Math.floor(Date.now() / 1000), filename: f.filename, purpose: f.purpose, status: 'processed' };
}

function notFound(message: string) {
  return { error: { message, type: 'invalid_request_error', param: null, code: null } };
}

/** Enough of multipart/form-data for the SDK's upload: text fields and one file part. */
function parseMultipart(body: string, contentType: string): { fields: Record<string, string>; file?: string; filename?: string } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const out: { fields: Record<string, string>; file?: string; filename?: string } = { fields: {} };
  if (!boundary) return out;
  for (const part of body.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (!name) continue;
    if (filename !== undefined) {
      out.file = value;
      out.filename = filename;
    } else out.fields[name] = value;
  }
  return out;
}
