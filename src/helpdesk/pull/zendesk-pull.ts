import { UsageError } from '../../error/cxqa-error.js';
import { asArray, asObject, idString, str } from '../transcript-builder.js';
import { zendeskFormat } from '../zendesk.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import type { PulledPage, PullSource } from './pull-source.js';

export interface ZendeskPullEnv {
  baseUrl?: string;
  env: NodeJS.ProcessEnv;
  http: Omit<HttpClientOptions, 'baseUrl' | 'headers' | 'vendor'>;
  perPage: number;
}

/**
 * Zendesk: the cursor-based incremental ticket export
 * (`GET /api/v2/incremental/tickets/cursor.json?start_time=…` then `?cursor=…`, `include=users`, until
 * `end_of_stream`), and for each ticket its comments (`GET /api/v2/tickets/{id}/comments.json`, cursor
 * pagination `page[size]` / `links.next`, users side-loaded). Auth: `ZENDESK_EMAIL` + `ZENDESK_TOKEN`
 * (API token, Basic `email/token:token`) or `ZENDESK_OAUTH_TOKEN` (Bearer); account `ZENDESK_SUBDOMAIN`.
 */
export function zendeskPull(opts: ZendeskPullEnv): PullSource {
  const { env } = opts;
  const subdomain = env.ZENDESK_SUBDOMAIN;
  const baseUrl = opts.baseUrl ?? (subdomain ? `https://${subdomain}.zendesk.com` : undefined);
  if (!baseUrl) throw new UsageError('zendesk: set ZENDESK_SUBDOMAIN (or --base-url)', 'PULL_CONFIG');
  let auth: string;
  if (env.ZENDESK_OAUTH_TOKEN) auth = `Bearer ${env.ZENDESK_OAUTH_TOKEN}`;
  else if (env.ZENDESK_TOKEN && env.ZENDESK_EMAIL) auth = `Basic ${Buffer.from(`${env.ZENDESK_EMAIL}/token:${env.ZENDESK_TOKEN}`).toString('base64')}`;
  else throw new UsageError('zendesk: set ZENDESK_EMAIL and ZENDESK_TOKEN (an API token), or ZENDESK_OAUTH_TOKEN', 'PULL_NO_TOKEN');
  const http = new HttpClient({ ...opts.http, baseUrl, headers: { authorization: auth }, vendor: 'zendesk' });
  return {
    vendor: 'zendesk',
    format: zendeskFormat,
    account: subdomain ?? new URL(baseUrl).host,
    initialCursor: (since) => ({ start_time: Math.floor(since.getTime() / 1000) }),
    restartCursor: (hwm) => ({ start_time: Math.floor(Date.parse(hwm) / 1000) }),
    isExpiredCursor: (err, cursor) => typeof cursor.cursor === 'string' && (err.status === 400 || err.status === 422) && /cursor/i.test(err.body ?? ''),
    async *pages(cursor) {
      let next: string = typeof cursor.cursor === 'string' ? exportUrl({ cursor: cursor.cursor }, opts.perPage) : exportUrl({ start_time: String(cursor.start_time ?? 0) }, opts.perPage);
      for (;;) {
        const { body } = await http.get(next);
        const page = asObject(body) ?? {};
        const users = asArray(page.users).map(asObject).filter((u): u is Record<string, unknown> => u !== undefined);
        const records: PulledPage['records'] = [];
        for (const raw of asArray(page.tickets)) {
          const ticket = asObject(raw);
          const id = idString(ticket?.id);
          if (!ticket || !id) continue;
          const updatedAt = str(ticket.updated_at) ?? str(ticket.created_at) ?? new Date(0).toISOString();
          if (ticket.status === 'deleted') {
            records.push({ record: ticket, id, updatedAt, skip: 'deleted ticket' });
            continue;
          }
          const comments: unknown[] = [];
          let commentsUrl: string | undefined = `/api/v2/tickets/${encodeURIComponent(id)}/comments.json?include=users&page[size]=100`;
          while (commentsUrl) {
            const res: Record<string, unknown> = asObject((await http.get(commentsUrl)).body) ?? {};
            comments.push(...asArray(res.comments));
            for (const u of asArray(res.users)) if (asObject(u)) users.push(asObject(u)!);
            const meta = asObject(res.meta);
            commentsUrl = meta?.has_more === true ? (str(asObject(res.links)?.next) ?? undefined) : str(res.next_page);
          }
          records.push({ record: { ...ticket, comments }, id, updatedAt });
        }
        const afterCursor = str(page.after_cursor);
        const nextCursor = afterCursor ? { cursor: afterCursor } : cursor;
        yield { records, sideloads: new Map([['users', users]]), next: nextCursor };
        if (page.end_of_stream === true || !afterCursor) return;
        next = str(page.after_url) ?? exportUrl({ cursor: afterCursor }, opts.perPage);
        cursor = nextCursor;
      }
    },
  };
}

function exportUrl(params: Record<string, string>, perPage: number): string {
  const q = new URLSearchParams({ ...params, include: 'users', per_page: String(perPage) });
  return `/api/v2/incremental/tickets/cursor.json?${q.toString()}`;
}
