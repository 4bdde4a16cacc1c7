/**
 * A loopback OpenAI-compatible Chat Completions server, run as a child process (`fork`) so its CPU does not
 * compete with the measured process's event loop. Adapted from test/helpers/fake-openai-server.ts (bench/ is
 * compiled without test/). Every `POST /v1/chat/completions` is answered, after `delayMs`, with one fixed
 * `chat.completion` whose content is the structured answer the parent sent. The request body is read in
 * full (so the client pays the real upload) but not parsed, so the server stays cheap.
 *
 * Protocol: the parent sends `{ content: string, delayMs: number }`; the child answers `{ port }` once
 * listening, and `{ requests }` in reply to `'count'`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Setup {
  content: string;
  delayMs: number;
}

let requests = 0;
let seq = 0;

function start(setup: Setup): void {
  const head = '{"id":"chatcmpl-';
  const tail = JSON.stringify({
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4.1-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: setup.content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 1800,
      completion_tokens: 420,
      total_tokens: 2220,
      prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  }).slice(1);

  const answer = (res: ServerResponse) => {
    seq += 1;
    const body = `${head}${seq.toString(16)}",${tail}`;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-request-id': `req_${seq.toString(16)}`,
      'openai-processing-ms': String(setup.delayMs),
    });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.on('data', () => {});
    req.on('end', () => {
      if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no route","type":"invalid_request_error","param":null,"code":null}}');
        return;
      }
      requests += 1;
      if (setup.delayMs > 0) setTimeout(answer, setup.delayMs, res);
      else answer(res);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
}

process.on('message', (msg: unknown) => {
  if (msg === 'count') process.send!({ requests });
  else if (msg && typeof msg === 'object' && 'content' in msg) start(msg as Setup);
});
process.on('disconnect', () => process.exit(0));
