import { appendFileSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { zendeskApi, zendeskTicket, type FakeApi, type ZendeskData, readJsonl, useFakeApi } from '../helpers/fake-helpdesk-api.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const AUTH = { email: 'qa@example.com', token: 'zd-test-token-123' };

function data(n: number): ZendeskData {
  const d: ZendeskData = { tickets: [], comments: new Map(), users: [{ id: 7, name: 'Ana', role: 'agent' }], expired: new Set() };
  for (let i = 1; i <= n; i += 1) addTicket(d, i, `2026-11-02T10:0${i}:00Z`);
  return d;
}

function addTicket(d: ZendeskData, id: number, updated: string) {
  const { ticket, comments } = zendeskTicket(id, updated);
  d.tickets.push(ticket);
  d.comments.set(id, comments);
  d.users.push({ id: 1000 + id, name: `Customer ${id}`, role: 'end-user' });
}

describe('cxqa pull --from zendesk (over the wire, loopback Zendesk)', () => {
  const tmp = useTempDir();
  const fake = useFakeApi();
  let api: FakeApi | undefined;

  const pull = (args: string[]) => runCli(['pull', '--from', 'zendesk', '--base-url', api!.origin, '--per-page', '2', '--retry-base-ms', '5', ...args]);

  it('follows the cursor through rate limiting and a failing page, then the next pull gets only what is new', async () => {
    const d = data(5);
    api = await fake.start(zendeskApi(d, AUTH));
    Object.assign(process.env, { ZENDESK_EMAIL: AUTH.email, ZENDESK_TOKEN: AUTH.token, ZENDESK_SUBDOMAIN: 'acme' });
    api.failOnce((r) => r.path.endsWith('cursor.json') && r.query.has('cursor'), { status: 429, headers: { 'retry-after': '1' }, body: { error: 'APIRateLimitExceeded' } });
    api.failOnce((r) => r.path === '/api/v2/tickets/3/comments.json', { status: 503, body: { error: 'Service Unavailable' } });
    const db = pathIn(tmp(), 'qa.db');
    const out1 = pathIn(tmp(), 'night1.jsonl');
    const first = await pull(['--since', '2026-11-01T00:00:00Z', '--db', db, '--out', out1]);
    expect(first.stderr).toContain('rate limited by zendesk (GET /api/v2/incremental/tickets/cursor.json): waiting 1 s');
    expect(first.stderr).toContain('zendesk GET /api/v2/tickets/3/comments.json answered 503; retrying');
    expect(first.stderr).toContain('pull zendesk acme: 5 tickets read, 5 written, 0 skipped in 3 pages; newest update 2026-11-02T10:05:00Z');
    expect(first.code).toBe(0);
    const t1 = readJsonl(out1);
    expect(t1.map((t) => t.id)).toEqual(['zendesk-1', 'zendesk-2', 'zendesk-3', 'zendesk-4', 'zendesk-5']);
    expect(t1[0].messages.map((m: any) => `${m.role}:${m.author ?? ''}`)).toEqual(['customer:Customer 1', 'agent:Ana']); // the note is left out
    expect(t1[0].survey).toEqual({ csat: 5 });
    // every request carried the credentials, and the first asked from --since with users side-loaded
    expect(api.requests.every((r) => r.headers.authorization === `Basic ${Buffer.from(`${AUTH.email}/token:${AUTH.token}`).toString('base64')}`)).toBe(true);
    expect(api.requests[0]!.query.get('start_time')).toBe(String(Date.parse('2026-11-01T00:00:00Z') / 1000));
    expect(api.requests[0]!.query.get('include')).toBe('users');
    // the token is in no output and not in the database
    expect(first.stderr + first.stdout).not.toContain(AUTH.token);
    const raw = readFileSync(db).toString('latin1');
    expect(raw).not.toContain(AUTH.token);
    const state = new Database(db, { readonly: true }).prepare('SELECT * FROM pull_state').get() as any;
    expect(state).toMatchObject({ source: 'zendesk', account: 'acme', status: 'completed', records: 5 });

    // next night: two tickets changed, one of them new
    addTicket(d, 6, '2026-11-03T10:00:00Z');
    d.tickets.find((t) => t.id === 2)!.updated_at = '2026-11-03T11:00:00Z';
    const out2 = pathIn(tmp(), 'night2.jsonl');
    const before = api.requests.length;
    const second = await pull(['--db', db, '--out', out2]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('continuing from the stored cursor');
    expect(readJsonl(out2).map((t) => t.id)).toEqual(['zendesk-6', 'zendesk-2']);
    expect(api.requests[before]!.query.has('cursor')).toBe(true);
  });

  it('an expired cursor restarts at the newest update seen, without writing anything twice', async () => {
    const d = data(4);
    api = await fake.start(zendeskApi(d, AUTH));
    Object.assign(process.env, { ZENDESK_EMAIL: AUTH.email, ZENDESK_TOKEN: AUTH.token, ZENDESK_SUBDOMAIN: 'acme' });
    const db = pathIn(tmp(), 'qa.db');
    const out1 = pathIn(tmp(), 'a.jsonl');
    expect((await pull(['--since', '2026-11-01T00:00:00Z', '--db', db, '--out', out1])).code).toBe(0);
    // the stored cursor expires; meanwhile ticket 5 arrives in the same second as the newest one seen
    const stored = JSON.parse((new Database(db, { readonly: true }).prepare('SELECT cursor_json FROM pull_state').get() as any).cursor_json);
    d.expired.add(stored.vendor.cursor);
    addTicket(d, 5, '2026-11-02T10:04:00Z');
    const out2 = pathIn(tmp(), 'b.jsonl');
    const second = await pull(['--db', db, '--out', out2]);
    expect(second.stderr).toContain('zendesk refused the stored cursor (422): starting the window again at 2026-11-02T10:04:00Z');
    expect(second.code).toBe(0);
    expect(readJsonl(out2).map((t) => t.id)).toEqual(['zendesk-5']); // ticket 4 (same second) is not written again
  });

  it('a pull that stopped between writing a page and storing its cursor cuts the file back and re-reads only that page', async () => {
    const d = data(5);
    api = await fake.start(zendeskApi(d, AUTH));
    Object.assign(process.env, { ZENDESK_EMAIL: AUTH.email, ZENDESK_TOKEN: AUTH.token, ZENDESK_SUBDOMAIN: 'acme' });
    const db = pathIn(tmp(), 'qa.db');
    const out = pathIn(tmp(), 'night.jsonl');
    // the first two pages, then the API fails for good on the third
    const afterTicket4 = (r: { query: URLSearchParams }) => Buffer.from(r.query.get('cursor') ?? '', 'base64').toString().endsWith('|4');
    for (let i = 0; i < 6; i += 1) api.failOnce(afterTicket4, { status: 500, body: {} });
    const first = await pull(['--since', '2026-11-01T00:00:00Z', '--db', db, '--out', out]);
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/pull zendesk stopped: zendesk GET \/api\/v2\/incremental\/tickets\/cursor.json answered 500 after 6 attempts.*run again to continue/);
    expect(readJsonl(out).map((t) => t.id)).toEqual(['zendesk-1', 'zendesk-2', 'zendesk-3', 'zendesk-4']);
    // as if killed after writing page 3's lines but before its cursor was stored:
    appendFileSync(out, `${JSON.stringify({ id: 'zendesk-5', half: true })}\n{"id":"zendesk-`);
    const again = await pull(['--db', db, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/cut .*night.jsonl back to the \d+ bytes written before the last pull stopped/);
    const all = readJsonl(out);
    expect(all.map((t) => t.id)).toEqual(['zendesk-1', 'zendesk-2', 'zendesk-3', 'zendesk-4', 'zendesk-5']);
    expect(all[4].half).toBeUndefined();
  });

  it('--score scores what was pulled; bad credentials are exit 2 and name no secret', async () => {
    const d = data(3);
    api = await fake.start(zendeskApi(d, AUTH));
    Object.assign(process.env, { ZENDESK_EMAIL: AUTH.email, ZENDESK_TOKEN: 'wrong-token-xyz', ZENDESK_SUBDOMAIN: 'acme' });
    const db = pathIn(tmp(), 'qa.db');
    const bad = await pull(['--since', '2026-11-01T00:00:00Z', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('answered 401');
    expect(bad.stderr).toContain('check the token and account in the environment');
    expect(bad.stderr).not.toContain('wrong-token-xyz');
    process.env.ZENDESK_TOKEN = AUTH.token;
    d.tickets.push({ id: 99, status: 'deleted', created_at: '2026-11-01T08:00:00Z', updated_at: '2026-11-02T10:09:00Z', requester_id: 5 });
    const scored = await pull(['--since', '2026-11-01T00:00:00Z', '--db', db, '--score', '--rubric', 'rubrics/support-qa.yaml', '--json', '--reset']);
    expect(scored.code).toBe(0); // a deleted ticket is counted, not an error
    expect(scored.stderr).toContain('4 tickets read, 3 written, 1 skipped (1 deleted ticket)');
    expect(api.requests.some((r) => r.path === '/api/v2/tickets/99/comments.json')).toBe(false);
    const summary = JSON.parse(scored.stdout);
    expect(summary.transcripts).toMatchObject({ read: 3, scored: 3, failed: 0 });
    delete process.env.ZENDESK_TOKEN;
    const missing = await pull(['--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('zendesk: set ZENDESK_EMAIL and ZENDESK_TOKEN');
  });
});
