import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface ApiAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Never answer (the client hangs until it is killed). */
  hang?: boolean;
}

export interface FakeApi {
  origin: string;
  requests: ApiRequest[];
  /** Answers the next request matching `match` with `answer` instead of the API (once). */
  failOnce(match: (r: ApiRequest) => boolean, answer: ApiAnswer): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server (127.0.0.1, random port) that records every request and answers through `route`,
 * the vendor's documented API written as a function; `failOnce` injects one scripted answer (a 429, a 500,
 * an expired cursor, a request that never gets an answer).
 */
export async function startFakeApi(route: (r: ApiRequest, origin: string) => ApiAnswer): Promise<FakeApi> {
  const requests: ApiRequest[] = [];
  const faults: { match: (r: ApiRequest) => boolean; answer: ApiAnswer }[] = [];
  let origin = '';
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', origin);
    const r: ApiRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
    requests.push(r);
    const i = faults.findIndex((f) => f.match(r));
    const answer = i >= 0 ? faults.splice(i, 1)[0]!.answer : route(r, origin);
    if (answer.hang) return;
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    failOnce: (match, answer) => faults.push({ match, answer }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Per test: `start(route)` starts a fake API; after each test it is closed and `process.env` (where the
 * tests put the vendor credentials) is put back as it was.
 */
export function useFakeApi(): { start(route: (r: ApiRequest, origin: string) => ApiAnswer): Promise<FakeApi> } {
  let api: FakeApi | undefined;
  const env = { ...process.env };
  afterEach(async () => {
    await api?.close();
    api = undefined;
    process.env = { ...env };
  });
  return { start: async (route) => (api = await startFakeApi(route)) };
}

/** The objects of a JSONL file (the transcripts a pull wrote). */
export function readJsonl(path: string): any[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export interface ZendeskData {
  tickets: Record<string, unknown>[];
  comments: Map<number, Record<string, unknown>[]>;
  users: Record<string, unknown>[];
  /** Cursors the fake refuses as expired. */
  expired: Set<string>;
}

/**
 * Zendesk Support, as documented: Basic auth `{email}/token:{api_token}`; the cursor-based incremental ticket
 * export (`start_time` → tickets updated at or after it, ordered by `updated_at`; `cursor` → the next page;
 * `after_url`, `after_cursor`, `end_of_stream`; `include=users` side-loads users); ticket comments with cursor
 * pagination (`page[size]`, `meta.has_more`, `links.next`). An expired cursor is answered 422.
 */
export function zendeskApi(data: ZendeskData, auth: { email: string; token: string }) {
  const expected = `Basic ${b64(`${auth.email}/token:${auth.token}`)}`;
  return (r: ApiRequest, origin: string): ApiAnswer => {
    if (r.headers.authorization !== expected) return { status: 401, body: { error: "Couldn't authenticate you" } };
    if (r.method === 'GET' && r.path === '/api/v2/incremental/tickets/cursor.json') {
      const perPage = Number(r.query.get('per_page') ?? 1000);
      const cursor = r.query.get('cursor');
      const sorted = sortedTickets(data);
      let start: number;
      let after: string;
      if (cursor) {
        if (data.expired.has(cursor)) return { status: 422, body: { error: 'InvalidPaginationParameter', description: 'The cursor has expired, start a new export with start_time' } };
        // like Zendesk's, the cursor points after a (updated_at, id) position, not an offset
        const [at, id] = unb64(cursor).split('|');
        start = sorted.findIndex((t) => String(t.updated_at) > at! || (String(t.updated_at) === at && Number(t.id) > Number(id)));
        after = cursor;
      } else {
        const startTime = Number(r.query.get('start_time'));
        start = sorted.findIndex((t) => Date.parse(String(t.updated_at)) / 1000 >= startTime);
        after = b64(`${new Date(startTime * 1000 - 1).toISOString().replace('.999', '')}|0`);
      }
      if (start === -1) start = sorted.length;
      const tickets = sorted.slice(start, start + perPage);
      const end = start + tickets.length >= sorted.length;
      const last = tickets.at(-1);
      if (last) after = b64(`${String(last.updated_at)}|${String(last.id)}`);
      const users = r.query.get('include') === 'users' ? data.users.filter((u) => tickets.some((t) => t.requester_id === u.id || t.assignee_id === u.id)) : undefined;
      return {
        status: 200,
        body: {
          tickets,
          ...(users ? { users } : {}),
          after_url: `${origin}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(after)}&include=users&per_page=${perPage}`,
          after_cursor: after,
          before_url: null,
          before_cursor: null,
          end_of_stream: end,
        },
      };
    }
    const m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(r.path);
    if (r.method === 'GET' && m) {
      const all = data.comments.get(Number(m[1])) ?? [];
      const size = Number(r.query.get('page[size]') ?? 100);
      const from = r.query.get('page[after]') ? Number(unb64(r.query.get('page[after]')!)) : 0;
      const comments = all.slice(from, from + size);
      const hasMore = from + size < all.length;
      const after = b64(String(from + size));
      return {
        status: 200,
        body: {
          comments,
          users: data.users.filter((u) => comments.some((c) => c.author_id === u.id)),
          meta: { has_more: hasMore, after_cursor: hasMore ? after : null, before_cursor: null },
          links: { prev: null, next: hasMore ? `${origin}${r.path}?include=users&page[size]=${size}&page[after]=${encodeURIComponent(after)}` : null },
        },
      };
    }
    return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
  };
}

function sortedTickets(data: ZendeskData) {
  return [...data.tickets].sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)) || Number(a.id) - Number(b.id));
}

/** A Zendesk ticket with `n` comments alternating requester / agent, updated at `updated`. */
export function zendeskTicket(id: number, updated: string, requester = 1000 + id, agent = 7) {
  const ticket = { id, created_at: '2026-11-01T08:00:00Z', updated_at: updated, requester_id: requester, assignee_id: agent, status: 'solved', via: { channel: 'email' }, satisfaction_rating: { score: 'good' } };
  const comments = [
    { id: id * 100 + 1, type: 'Comment', author_id: requester, body: `Order ${id} is late`, public: true, attachments: [], created_at: '2026-11-01T08:00:00Z' },
    { id: id * 100 + 2, type: 'Comment', author_id: agent, body: 'Checked: internal', public: false, attachments: [], created_at: '2026-11-01T08:01:00Z' },
    { id: id * 100 + 3, type: 'Comment', author_id: agent, body: `Order ${id} ships today`, public: true, attachments: [], created_at: '2026-11-01T08:05:00Z' },
  ];
  return { ticket, comments };
}

export interface IntercomData {
  conversations: Record<string, unknown>[];
  expired: Set<string>;
}

/**
 * Intercom, as documented: Bearer token and an `Intercom-Version` header; `POST /conversations/search` with a
 * `query` on `updated_at`, `sort`, `pagination: { per_page, starting_after }`, answered with a
 * `conversation.list` and `pages.next.starting_after`; `GET /conversations/{id}` with the parts. A
 * `starting_after` the fake considers expired is answered 400 with an `error.list`.
 */
export function intercomApi(data: IntercomData, token: string) {
  return (r: ApiRequest): ApiAnswer => {
    if (r.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { type: 'error.list', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] } };
    if (!r.headers['intercom-version']) return { status: 400, body: { type: 'error.list', errors: [{ code: 'intercom_version_invalid', message: 'missing Intercom-Version' }] } };
    if (r.method === 'POST' && r.path === '/conversations/search') {
      const q = r.body?.query;
      if (q?.field !== 'updated_at' || q?.operator !== '>') return { status: 400, body: { type: 'error.list', errors: [{ code: 'query_invalid' }] } };
      const after = r.body?.pagination?.starting_after as string | undefined;
      if (after && data.expired.has(after)) return { status: 400, body: { type: 'error.list', errors: [{ code: 'parameter_invalid', message: 'starting_after is invalid or has expired' }] } };
      const perPage = Number(r.body?.pagination?.per_page ?? 20);
      const matching = data.conversations.filter((c) => Number(c.updated_at) > Number(q.value)).sort((a, b) => Number(a.updated_at) - Number(b.updated_at));
      const from = after ? Number(unb64(after)) : 0;
      const page = matching.slice(from, from + perPage);
      const more = from + perPage < matching.length;
      return {
        status: 200,
        body: {
          type: 'conversation.list',
          conversations: page.map((c) => ({ type: 'conversation', id: c.id, updated_at: c.updated_at, created_at: c.created_at })),
          total_count: matching.length,
          pages: { type: 'pages', page: Math.floor(from / perPage) + 1, per_page: perPage, total_pages: Math.ceil(matching.length / perPage), ...(more ? { next: { page: Math.floor(from / perPage) + 2, starting_after: b64(String(from + perPage)) } } : {}) },
        },
      };
    }
    const m = /^\/conversations\/([^/]+)$/.exec(r.path);
    if (r.method === 'GET' && m) {
      const c = data.conversations.find((x) => x.id === m[1]);
      return c ? { status: 200, body: c } : { status: 404, body: { type: 'error.list', errors: [{ code: 'not_found' }] } };
    }
    return { status: 404, body: { type: 'error.list', errors: [{ code: 'not_found' }] } };
  };
}

/** An Intercom conversation: a lead asks, Fin answers, a team assignment, an admin answers; rated 5. */
export function intercomConversation(id: string, updated: number) {
  const t = updated - 600;
  return {
    type: 'conversation',
    id,
    created_at: t,
    updated_at: updated,
    state: 'closed',
    admin_assignee_id: 11,
    conversation_rating: { rating: 5, remark: null },
    ai_agent: { resolution_state: 'routed_to_team' },
    source: { type: 'conversation', id: `s${id}`, body: `<p>Question ${id}</p>`, author: { type: 'lead', id: `c${id}`, name: 'Lead' }, attachments: [] },
    contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: `c${id}` }] },
    conversation_parts: {
      type: 'conversation_part.list',
      conversation_parts: [
        { type: 'conversation_part', id: `${id}-1`, part_type: 'comment', body: '<p>I am Fin.</p>', created_at: t + 5, author: { type: 'bot', id: '1', name: 'Fin' }, attachments: [] },
        { type: 'conversation_part', id: `${id}-2`, part_type: 'assignment', body: null, created_at: t + 10, assigned_to: { type: 'team', id: '5', name: 'Support' }, author: { type: 'bot', id: '1', name: 'Fin' }, attachments: [] },
        { type: 'conversation_part', id: `${id}-3`, part_type: 'comment', body: `<p>Answer ${id}</p>`, created_at: t + 60, author: { type: 'admin', id: '11', name: 'Ada' }, attachments: [] },
      ],
      total_count: 3,
    },
  };
}

export interface FreshdeskData {
  tickets: Record<string, unknown>[];
  conversations: Map<number, Record<string, unknown>[]>;
  ratings: Map<number, Record<string, unknown>[]>;
}

/**
 * Freshdesk, as documented: Basic auth `{api_key}:X`; `GET /api/v2/tickets?updated_since=…&order_by=updated_at
 * &order_type=asc&per_page=…&page=…` with a `Link: <…>; rel="next"` header while more pages follow;
 * `GET /api/v2/tickets/{id}/conversations` and `/satisfaction_ratings`.
 */
export function freshdeskApi(data: FreshdeskData, apiKey: string) {
  const expected = `Basic ${b64(`${apiKey}:X`)}`;
  return (r: ApiRequest, origin: string): ApiAnswer => {
    if (r.headers.authorization !== expected) return { status: 401, body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } };
    if (r.method === 'GET' && r.path === '/api/v2/tickets') {
      const since = r.query.get('updated_since') ?? '1970-01-01T00:00:00Z';
      if (r.query.get('order_by') !== 'updated_at' || r.query.get('order_type') !== 'asc') return { status: 400, body: { description: 'Validation failed' } };
      const perPage = Number(r.query.get('per_page') ?? 30);
      const page = Number(r.query.get('page') ?? 1);
      const matching = data.tickets.filter((t) => Date.parse(String(t.updated_at)) >= Date.parse(since)).sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)));
      const slice = matching.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < matching.length;
      const next = new URLSearchParams(r.query);
      next.set('page', String(page + 1));
      return { status: 200, headers: more ? { link: `<${origin}/api/v2/tickets?${next.toString()}>; rel="next"` } : {}, body: slice };
    }
    const m = /^\/api\/v2\/tickets\/(\d+)\/(conversations|satisfaction_ratings)$/.exec(r.path);
    if (r.method === 'GET' && m) {
      const id = Number(m[1]);
      return { status: 200, body: (m[2] === 'conversations' ? data.conversations : data.ratings).get(id) ?? [] };
    }
    return { status: 404, body: { code: 'not_found' } };
  };
}

/** A Freshdesk chat ticket: the description, an agent reply, a private note, a customer reply; rated 103. */
export function freshdeskTicket(id: number, updated: string) {
  return {
    ticket: { id, subject: `T${id}`, source: 7, status: 4, requester_id: 500 + id, responder_id: 9, created_at: '2026-11-01T08:00:00Z', updated_at: updated, description_text: `Help with ${id}` },
    conversations: [
      { id: id * 10 + 1, body_text: `Fixed ${id}`, incoming: false, private: false, user_id: 9, source: 0, created_at: '2026-11-01T08:05:00Z' },
      { id: id * 10 + 2, body_text: 'note', incoming: false, private: true, user_id: 9, source: 2, created_at: '2026-11-01T08:06:00Z' },
      { id: id * 10 + 3, body_text: 'Thanks', incoming: true, private: false, user_id: 500 + id, source: 0, created_at: '2026-11-01T08:07:00Z' },
    ],
    ratings: [{ id: id * 7, ticket_id: id, ratings: { default_question: 103 }, created_at: '2026-11-01T09:00:00Z' }],
  };
}
