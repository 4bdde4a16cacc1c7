import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when the body is not JSON). */
  body: any;
  rawBody: string;
}

/** A scripted answer. `body` may be computed from the request (e.g. to echo a header back). */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown | ((request: RecordedRequest) => unknown);
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
  /**
   * A misbehaving server: `stall` sends the headers and then nothing, ever; `drip` sends the body one byte
   * every `dripMs` (default 300); `reset` destroys the connection without answering.
   */
  misbehave?: 'stall' | 'drip' | 'reset';
  dripMs?: number;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: RecordedRequest[];
  /** Queues answers, served in order, one per request to `route`. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Answers still queued. */
  pending(): number;
  close(): Promise<void>;
}

/**
 * A small HTTP server on 127.0.0.1 (random port) that records every request (headers and body) and answers
 * POSTs to `route` from a queue of scripted responses. With the queue empty it answers `fallback()`.
 */
export async function startScriptedServer(route: string, fallback: () => ScriptedResponse): Promise<ScriptedServer> {
  const queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, rawBody };
    requests.push(recorded);
    const path = (req.url ?? '').split('?')[0];
    const scripted: ScriptedResponse =
      req.method === 'POST' && path === route
        ? (queue.shift() ?? fallback())
        : { status: 404, body: { error: { message: `no route ${req.method} ${path}` } } };
    const send = () => {
      if (res.destroyed || res.socket?.destroyed) return;
      if (scripted.misbehave === 'reset') {
        req.socket.destroy();
        return;
      }
      const payload = typeof scripted.body === 'function' ? (scripted.body as (r: RecordedRequest) => unknown)(recorded) : scripted.body;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      if (scripted.misbehave === 'stall' || scripted.misbehave === 'drip') {
        res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
        res.flushHeaders();
        if (scripted.misbehave === 'stall') return;
        let i = 0;
        const drip = setInterval(() => {
          if (res.destroyed || i >= text.length) {
            clearInterval(drip);
            timers.delete(drip);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(text[i]);
          i += 1;
        }, scripted.dripMs ?? 300);
        timers.add(drip);
        return;
      }
      res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      res.end(text);
    };
    if (scripted.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, scripted.delayMs);
      timers.add(timer);
    } else send();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    pending: () => queue.length,
    close: async () => {
      for (const t of timers) clearTimeout(t); // also clears intervals
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
