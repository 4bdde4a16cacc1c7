import { UsageError } from '../../error/cxqa-error.js';
import { freshdeskFormat } from '../freshdesk.js';
import { asArray, asObject, idString, str } from '../transcript-builder.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import type { PulledPage, PullSource } from './pull-source.js';

export interface FreshdeskPullEnv {
  baseUrl?: string;
  env: NodeJS.ProcessEnv;
  http: Omit<HttpClientOptions, 'baseUrl' | 'headers' | 'vendor'>;
  perPage: number;
}

/** Freshdesk serves at most this many pages of one ticket list; the window restarts from the high-water mark. */
const MAX_PAGES = 300;

/**
 * Freshdesk: `GET /api/v2/tickets?updated_since=…&order_by=updated_at&order_type=asc&per_page=…&page=…`,
 * following the `Link: <…>; rel="next"` header, and per ticket its conversations
 * (`GET /api/v2/tickets/{id}/conversations`, all pages) and satisfaction ratings
 * (`GET /api/v2/tickets/{id}/satisfaction_ratings`). Auth: `FRESHDESK_API_KEY` as Basic `key:X`; account
 * `FRESHDESK_DOMAIN` (`yourcompany` or `yourcompany.freshdesk.com`).
 */
export function freshdeskPull(opts: FreshdeskPullEnv): PullSource {
  const key = opts.env.FRESHDESK_API_KEY;
  if (!key) throw new UsageError('freshdesk: set FRESHDESK_API_KEY', 'PULL_NO_TOKEN');
  const domain = opts.env.FRESHDESK_DOMAIN;
  const baseUrl = opts.baseUrl ?? (domain ? `https://${domain.includes('.') ? domain : `${domain}.freshdesk.com`}` : undefined);
  if (!baseUrl) throw new UsageError('freshdesk: set FRESHDESK_DOMAIN (or --base-url)', 'PULL_CONFIG');
  const http = new HttpClient({ ...opts.http, baseUrl, headers: { authorization: `Basic ${Buffer.from(`${key}:X`).toString('base64')}` }, vendor: 'freshdesk' });
  return {
    vendor: 'freshdesk',
    format: freshdeskFormat,
    account: domain ?? new URL(baseUrl).host,
    initialCursor: (since) => ({ updated_since: since.toISOString(), page: 1 }),
    restartCursor: (hwm) => ({ updated_since: hwm, page: 1 }),
    isExpiredCursor: (err, cursor) => Number(cursor.page) > 1 && (err.status === 400 || err.status === 422),
    async *pages(cursor) {
      const since = str(cursor.updated_since) ?? new Date(0).toISOString();
      let page = Number(cursor.page ?? 1);
      let url: string | undefined = listUrl(since, page, opts.perPage);
      while (url) {
        const res = await http.get(url);
        const records: PulledPage['records'] = [];
        for (const raw of asArray(res.body)) {
          const ticket = asObject(raw);
          const id = idString(ticket?.id);
          if (!ticket || !id) continue;
          const conversations = await allPages(http, `/api/v2/tickets/${encodeURIComponent(id)}/conversations?per_page=100`);
          const ratings = await allPages(http, `/api/v2/tickets/${encodeURIComponent(id)}/satisfaction_ratings`);
          records.push({ record: { ...ticket, conversations, satisfaction_ratings: ratings }, id, updatedAt: str(ticket.updated_at) ?? since });
        }
        const nextLink = nextFromLink(res.headers.get('link'));
        page += 1;
        if (nextLink && page > MAX_PAGES) {
          // Past Freshdesk's page limit: start a new window at the newest updated_at seen (deduplicated by the run).
          const last = records.at(-1)?.updatedAt ?? since;
          yield { records, sideloads: new Map(), next: { updated_since: last, page: 1 } };
          return yield* this.pages({ updated_since: last, page: 1 });
        }
        yield { records, sideloads: new Map(), next: nextLink ? { updated_since: since, page } : null };
        url = nextLink;
      }
    },
  };
}

function listUrl(since: string, page: number, perPage: number): string {
  const q = new URLSearchParams({ updated_since: since, order_by: 'updated_at', order_type: 'asc', per_page: String(perPage), page: String(page) });
  return `/api/v2/tickets?${q.toString()}`;
}

async function allPages(http: HttpClient, first: string): Promise<unknown[]> {
  const out: unknown[] = [];
  let url: string | undefined = first;
  while (url) {
    const res = await http.get(url);
    out.push(...asArray(res.body));
    url = nextFromLink(res.headers.get('link'));
  }
  return out;
}

/** The `rel="next"` target of an RFC 8288 `Link` header. */
export function nextFromLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m) return m[1];
  }
  return undefined;
}
