import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleCli } from '../helpers/cli-bundle.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { importAndScore, roles } from './round-trip.js';

const FIXTURE = 'test/helpdesk/fixtures/zendesk-tickets.json';

describe('cxqa import --from zendesk', () => {
  const tmp = useTempDir();

  it('maps tickets, comments and side-loaded users into transcripts that cxqa score accepts', async () => {
    const r = await importAndScore(tmp(), ['--from', 'zendesk', FIXTURE]);
    expect(r.imported.code).toBe(3);
    expect(r.imported.stderr).toContain('import zendesk: 4 tickets read, 2 written, 2 skipped (1 ticket holds only internal notes, 1 invalid record)');
    // one clear error naming file, record, field and id; the other records still came through
    expect(r.imported.stderr).toContain(`${FIXTURE}: record 4 (field created_at) [id 4104]: not a valid time: "yesterday afternoon" [HELPDESK_FIELD]`);
    const chat = r.byId.get('zendesk-4101')!;
    // requester = customer, Answer Bot channel = bot, hand-off inserted, internal note and empty comment left out
    expect(roles(chat)).toEqual(['customer', 'bot', 'system:handoff', 'agent', 'customer']);
    expect(chat.channel).toBe('messaging');
    expect(chat.messages[3]).toMatchObject({ author: 'Ana', text: 'Hallo Zoë, ich bin Ana. Ich sehe Ihre Rückerstattung – sie wurde heute angewiesen.' });
    expect(chat.survey).toEqual({ csat: 5 });
    expect(chat.metadata).toMatchObject({
      ticket_id: 4101,
      notes_excluded: 1,
      empty_messages_dropped: 1,
      message_ids: ['50001', '50002', null, '50004', '50006'],
      satisfaction: { score: 'good', comment: 'Schnell und freundlich 👍' },
    });
    expect(JSON.stringify(chat)).not.toContain('R-2231'); // the internal note
    const email = r.byId.get('zendesk-4102')!;
    expect(email.started_at).toBe('2026-11-03T13:00:00.000Z'); // +01:00 kept as the same instant
    expect(email.messages[0]!.text).toBe('[attachment: blender-crack.jpg]');
    // a deleted user (not in users) is an agent, and named
    expect(roles(email)).toEqual(['customer', 'agent', 'agent']);
    expect(email.metadata?.unknown_authors).toEqual(['6666']);
    expect(email.messages[2]!.text).toBe('Hi Jide,\nplease see our returns page [https://help.example.com/returns] & reply with your order number.');
    expect(email.survey).toEqual({ csat: 1 });
    expect(r.score.transcripts).toMatchObject({ read: 2, scored: 2, failed: 0 });
    expect(r.outcomes.escalation.n).toBe(1);
    expect(r.outcomes.by_handler.human.n).toBe(2);
  });

  it('--include-notes keeps internal notes as system messages', async () => {
    const out = pathIn(tmp(), 'n.jsonl');
    const r = await runCli(['import', '--from', 'zendesk', FIXTURE, '--include-notes', '--out', out]);
    // ticket 4103 holds nothing but a note: kept as a note it is still nothing to score
    expect(r.stderr).toContain('4 tickets read, 2 written, 2 skipped (1 ticket has no messages with text, 1 invalid record)');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].messages[2]).toMatchObject({ role: 'system', event: 'internal_note', text: '[internal note] Customer asked twice already; refund id R-2231', author: 'Ana' });
  });

  it('without roles the requester is the customer and every other author an agent; --users supplies roles', async () => {
    const ticket = {
      id: 1,
      created_at: '2026-11-02T09:15:00Z',
      requester_id: 1,
      via: { channel: 'email' },
      comments: [
        { id: 11, author_id: 1, body: 'Hello', public: true, created_at: '2026-11-02T09:15:00Z' },
        { id: 12, author_id: 2, body: 'Hi from support', public: true, created_at: '2026-11-02T09:16:00Z' },
        { id: 13, author_id: 3, body: 'cc: I am the customer’s colleague', public: true, created_at: '2026-11-02T09:17:00Z' },
      ],
    };
    const input = pathIn(tmp(), 'tickets.jsonl');
    writeFileSync(input, `${JSON.stringify(ticket)}\n`);
    const bare = await runCli(['import', '--from', 'zendesk', input]);
    expect(bare.code).toBe(0);
    expect(JSON.parse(bare.stdout).messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'agent', 'agent']);
    const users = pathIn(tmp(), 'users.json');
    writeFileSync(users, JSON.stringify({ users: [{ id: 2, role: 'agent', name: 'Sam' }, { id: 3, role: 'end-user', name: 'Kim' }] }));
    const withUsers = await runCli(['import', '--from', 'zendesk', input, '--users', users]);
    expect(JSON.parse(withUsers.stdout).messages.map((m: { role: string; author?: string }) => `${m.role}/${m.author ?? ''}`)).toEqual(['customer/', 'agent/Sam', 'customer/Kim']);
  });

  it('reads the incremental export as JSONL pages with sideloaded users, and CSAT survey responses on a 3-point scale', async () => {
    const page = (tickets: unknown[], users: unknown[]) => JSON.stringify({ tickets, users, after_cursor: 'x', end_of_stream: false });
    const t = (id: number) => ({
      id,
      created_at: '2026-11-02T09:15:00Z',
      requester_id: 100 + id,
      comments: [
        { id: id * 10, author_id: 100 + id, body: 'Question', public: true, created_at: '2026-11-02T09:15:00Z' },
        { id: id * 10 + 1, author_id: 1, body: 'Answer', public: true, created_at: '2026-11-02T09:20:00Z' },
      ],
    });
    const input = pathIn(tmp(), 'export.jsonl');
    writeFileSync(input, `${page([t(1), t(2)], [{ id: 1, role: 'agent', name: 'Ana' }])}\n${page([t(3)], [])}\n`);
    const surveys = pathIn(tmp(), 'surveys.json');
    writeFileSync(
      surveys,
      JSON.stringify({
        survey_responses: [
          { id: '01J1', subject_zrns: ['zen:ticket:2'], answers: [{ type: 'rating_scale', rating: 2, rating_category: 'neutral', question: { type: 'rating_scale', scale: 3 } }] },
        ],
      }),
    );
    const r = await runCli(['import', '--from', 'zendesk', input, '--surveys', surveys]);
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((x) => x.id)).toEqual(['zendesk-1', 'zendesk-2', 'zendesk-3']);
    expect(out[1].survey).toEqual({ csat: 3 });
    expect(out[1].metadata.satisfaction).toMatchObject({ rating: 2, scale: 3 });
    expect(out[0].messages[1]).toMatchObject({ role: 'agent', author: 'Ana' });
  });

  it('reads the same export from stdin (side loads after the tickets are still found)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const bin = await bundleCli();
    const res = spawnSync(process.execPath, [bin, 'import', '--from', 'zendesk', '-'], { input: readFileSync(FIXTURE), encoding: 'utf8' });
    expect(res.status).toBe(3);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['zendesk-4101', 'zendesk-4102']);
    expect(lines[0].messages[3].author).toBe('Ana');
    expect(res.stderr).toContain('<stdin>: record 4 (field created_at)');
  });
});
