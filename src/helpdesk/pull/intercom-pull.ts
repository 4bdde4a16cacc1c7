import { UsageError } from '../../error/cxqa-error.js';
import { intercomFormat } from '../intercom.js';
import { asArray, asObject, idString, str } from '../transcript-builder.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import type { PulledPage, PullSource } from './pull-source.js';

export interface IntercomPullEnv {
  baseUrl?: string;
  env: NodeJS.ProcessEnv;
  http: Omit<HttpClientOptions, 'baseUrl' | 'headers' | 'vendor'>;
  perPage: number;
}

/** The REST API version cxqa's Intercom mapping is written against. */
const INTERCOM_VERSION = '2.11';

/**
 * Intercom: `POST /conversations/search` for conversations with `updated_at` after the high-water mark,
 * oldest first (`pagination.per_page`, `pagination.starting_after` from `pages.next`), then
 * `GET /conversations/{id}` for each (search results carry no parts). Auth: `INTERCOM_TOKEN` (Bearer),
 * `Intercom-Version: 2.11`; EU / AU workspaces set `--base-url https://api.eu.intercom.io` (or `.au.`).
 */
export function intercomPull(opts: IntercomPullEnv): PullSource {
  const token = opts.env.INTERCOM_TOKEN;
  if (!token) throw new UsageError('intercom: set INTERCOM_TOKEN (an access token)', 'PULL_NO_TOKEN');
  const baseUrl = opts.baseUrl ?? 'https://api.intercom.io';
  const http = new HttpClient({ ...opts.http, baseUrl, headers: { authorization: `Bearer ${token}`, 'intercom-version': INTERCOM_VERSION }, vendor: 'intercom' });
  return {
    vendor: 'intercom',
    format: intercomFormat,
    account: opts.env.INTERCOM_WORKSPACE ?? new URL(baseUrl).host,
    initialCursor: (since) => ({ updated_after: Math.floor(since.getTime() / 1000) - 1 }),
    restartCursor: (hwm) => ({ updated_after: Math.floor(Date.parse(hwm) / 1000) - 1 }),
    isExpiredCursor: (err, cursor) => typeof cursor.starting_after === 'string' && (err.status === 400 || err.status === 422),
    async *pages(cursor) {
      const updatedAfter = Number(cursor.updated_after ?? 0);
      let startingAfter = str(cursor.starting_after);
      for (;;) {
        const body = {
          query: { field: 'updated_at', operator: '>', value: updatedAfter },
          sort: { field: 'updated_at', order: 'ascending' },
          pagination: { per_page: opts.perPage, ...(startingAfter ? { starting_after: startingAfter } : {}) },
        };
        const page = asObject((await http.post('/conversations/search', body)).body) ?? {};
        const records: PulledPage['records'] = [];
        for (const raw of asArray(page.conversations)) {
          const id = idString(asObject(raw)?.id);
          if (!id) continue;
          const full = asObject((await http.get(`/conversations/${encodeURIComponent(id)}`)).body);
          if (!full) continue;
          const updated = typeof full.updated_at === 'number' ? new Date(full.updated_at * 1000).toISOString() : new Date(0).toISOString();
          records.push({ record: full, id, updatedAt: updated });
        }
        const nextAfter = str(asObject(asObject(page.pages)?.next)?.starting_after);
        const next = nextAfter ? { updated_after: updatedAfter, starting_after: nextAfter } : null;
        yield { records, sideloads: new Map(), next };
        if (!nextAfter) return;
        startingAfter = nextAfter;
      }
    },
  };
}
