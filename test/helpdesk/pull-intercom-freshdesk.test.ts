import { describe, expect, it } from 'vitest';
import { bundleCli, spawnCli } from '../helpers/cli-bundle.js';
import {
  freshdeskApi,
  freshdeskTicket,
  intercomApi,
  intercomConversation,
  type FakeApi,
  type FreshdeskData,
  type IntercomData,
  readJsonl,
  useFakeApi,
} from '../helpers/fake-helpdesk-api.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const T0 = Date.parse('2026-11-02T10:00:00Z') / 1000;

function intercomData(n: number): IntercomData {
  return { conversations: Array.from({ length: n }, (_, i) => intercomConversation(String(100 + i), T0 + i * 60)), expired: new Set() };
}

function freshdeskData(n: number): FreshdeskData {
  const d: FreshdeskData = { tickets: [], conversations: new Map(), ratings: new Map() };
  for (let i = 1; i <= n; i += 1) {
    const { ticket, conversations, ratings } = freshdeskTicket(i, `2026-11-02T10:0${i}:00Z`);
    d.tickets.push(ticket);
    d.conversations.set(i, conversations);
    d.ratings.set(i, ratings);
  }
  return d;
}

describe('cxqa pull --from intercom / freshdesk (over the wire)', () => {
  const tmp = useTempDir();
  const fake = useFakeApi();
  let api: FakeApi | undefined;

  it('intercom: search pages with starting_after, X-RateLimit-Reset, a 500 once, an expired starting_after', async () => {
    const d = intercomData(5);
    api = await fake.start(intercomApi(d, 'ic-secret'));
    process.env.INTERCOM_TOKEN = 'ic-secret';
    api.failOnce((r) => r.path === '/conversations/search' && r.body?.pagination?.starting_after !== undefined, {
      status: 429,
      headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
      body: { type: 'error.list', errors: [{ code: 'rate_limit_exceeded' }] },
    });
    api.failOnce((r) => r.path === '/conversations/102', { status: 500, body: { type: 'error.list', errors: [{ code: 'server_error' }] } });
    const db = pathIn(tmp(), 'qa.db');
    const out = pathIn(tmp(), 'a.jsonl');
    const r = await runCli(['pull', '--from', 'intercom', '--base-url', api.origin, '--per-page', '2', '--retry-base-ms', '5', '--since', '2026-11-01T00:00:00Z', '--db', db, '--out', out]);
    expect(r.stderr).toContain('rate limited by intercom (POST /conversations/search)');
    expect(r.stderr).toContain('intercom GET /conversations/102 answered 500; retrying');
    expect(r.code).toBe(0);
    const t = readJsonl(out);
    expect(t.map((x) => x.id)).toEqual(['intercom-100', 'intercom-101', 'intercom-102', 'intercom-103', 'intercom-104']);
    expect(t[0].messages.map((m: any) => (m.event ? `system:${m.event}` : m.role))).toEqual(['customer', 'bot', 'system:handoff', 'agent']);
    expect(t[0].survey).toEqual({ csat: 5 });
    expect(api.requests.every((q) => q.headers.authorization === 'Bearer ic-secret' && q.headers['intercom-version'] === '2.11')).toBe(true);
    const search = api.requests.find((q) => q.path === '/conversations/search')!;
    expect(search.body).toMatchObject({ query: { field: 'updated_at', operator: '>', value: Date.parse('2026-11-01T00:00:00Z') / 1000 - 1 }, sort: { field: 'updated_at', order: 'ascending' }, pagination: { per_page: 2 } });

    // next pull: a new conversation; then its page cursor expires mid-window
    d.conversations.push(intercomConversation('200', T0 + 3600), intercomConversation('201', T0 + 3601), intercomConversation('202', T0 + 3602));
    d.expired.add(Buffer.from('2').toString('base64'));
    const out2 = pathIn(tmp(), 'b.jsonl');
    const second = await runCli(['pull', '--from', 'intercom', '--base-url', api.origin, '--per-page', '2', '--db', db, '--out', out2]);
    expect(second.stderr).toContain('intercom refused the stored cursor (400)');
    expect(second.code).toBe(0);
    expect(readJsonl(out2).map((x) => x.id)).toEqual(['intercom-200', 'intercom-201', 'intercom-202']);
  });

  it('freshdesk: updated_since pages through Link headers, conversations and ratings per ticket, Retry-After', async () => {
    const d = freshdeskData(5);
    api = await fake.start(freshdeskApi(d, 'fd-key'));
    Object.assign(process.env, { FRESHDESK_API_KEY: 'fd-key', FRESHDESK_DOMAIN: 'acme' });
    api.failOnce((r) => r.path === '/api/v2/tickets' && r.query.get('page') === '2', { status: 429, headers: { 'retry-after': '0' }, body: { code: 'rate_limited' } });
    api.failOnce((r) => r.path === '/api/v2/tickets/4/conversations', { status: 502, body: '<html>Bad gateway</html>' });
    const db = pathIn(tmp(), 'qa.db');
    const out = pathIn(tmp(), 'f.jsonl');
    const r = await runCli(['pull', '--from', 'freshdesk', '--base-url', api.origin, '--per-page', '2', '--retry-base-ms', '5', '--since', '2026-11-01T00:00:00Z', '--db', db, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('rate limited by freshdesk (GET /api/v2/tickets)');
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 'freshdesk', account: 'acme', read: 5, written: 5, skipped: 0, pages: 3 });
    const t = readJsonl(out);
    expect(t.map((x) => x.id)).toEqual(['freshdesk-1', 'freshdesk-2', 'freshdesk-3', 'freshdesk-4', 'freshdesk-5']);
    expect(t[0]).toMatchObject({ channel: 'chat', survey: { csat: 5 }, metadata: { notes_excluded: 1 } });
    expect(t[0].messages.map((m: any) => m.role)).toEqual(['customer', 'agent', 'customer']);
    const auth = `Basic ${Buffer.from('fd-key:X').toString('base64')}`;
    expect(api.requests.every((q) => q.headers.authorization === auth)).toBe(true);
    expect(api.requests[0]!.query.get('updated_since')).toBe('2026-11-01T00:00:00.000Z');
    // nothing new: the next pull writes nothing and says so
    const again = await runCli(['pull', '--from', 'freshdesk', '--base-url', api.origin, '--db', db, '--out', pathIn(tmp(), 'g.jsonl')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 tickets read, 0 written');
  });

  it('a pull killed with SIGKILL mid-page and run again writes every ticket exactly once', async () => {
    const d = freshdeskData(6);
    api = await fake.start(freshdeskApi(d, 'fd-key'));
    // page 2's ticket 4 never gets its conversations: the process is killed while it waits
    api.failOnce((r) => r.path === '/api/v2/tickets/4/conversations', { status: 200, hang: true, body: null });
    const db = pathIn(tmp(), 'qa.db');
    const out = pathIn(tmp(), 'k.jsonl');
    const bin = await bundleCli();
    const args = ['pull', '--from', 'freshdesk', '--base-url', api.origin, '--per-page', '3', '--since', '2026-11-01T00:00:00Z', '--db', db, '--out', out];
    const first = spawnCli(bin, args, { env: { FRESHDESK_API_KEY: 'fd-key', FRESHDESK_DOMAIN: 'acme' } });
    const deadline = Date.now() + 20_000;
    while (!api.requests.some((r) => r.path === '/api/v2/tickets/4/conversations') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(readJsonl(out).map((x) => x.id)).toEqual(['freshdesk-1', 'freshdesk-2', 'freshdesk-3']);
    const second = spawnCli(bin, args.filter((a, i) => a !== '--since' && args[i - 1] !== '--since'), { env: { FRESHDESK_API_KEY: 'fd-key', FRESHDESK_DOMAIN: 'acme' } });
    expect(await second.exited).toBe(0);
    expect(second.stderr()).toContain('continuing from the stored cursor (last pull running');
    expect(readJsonl(out).map((x) => x.id)).toEqual(['freshdesk-1', 'freshdesk-2', 'freshdesk-3', 'freshdesk-4', 'freshdesk-5', 'freshdesk-6']);
  }, 60_000);
});
