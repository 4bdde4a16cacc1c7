import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { importAndScore, roles } from './round-trip.js';

const jsonl = (dir: string, name: string, records: unknown[]) => {
  const path = pathIn(dir, name);
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
};

describe('cxqa import --from hubspot / helpscout / front / gorgias', () => {
  const tmp = useTempDir();

  it('hubspot: actor id prefixes give roles, a bot → agent assignment is a hand-off, comments are notes', async () => {
    const thread = {
      id: '7394918374',
      createdAt: '2026-11-02T09:15:00.000Z',
      status: 'CLOSED',
      closedAt: '2026-11-02T09:30:00.000Z',
      originalChannelId: '1000',
      inboxId: '147959634',
      associatedContactId: '551',
      assignedTo: 'A-8812',
      messages: {
        results: [
          { type: 'MESSAGE', id: 'm1', createdAt: '2026-11-02T09:15:00.000Z', createdBy: 'V-551', senders: [{ actorId: 'V-551', name: 'Noor' }], text: 'Wo bleibt meine Bestellung?', direction: 'INCOMING', attachments: [] },
          { type: 'MESSAGE', id: 'm2', createdAt: '2026-11-02T09:15:05.000Z', createdBy: 'B-1', senders: [{ actorId: 'B-1', name: 'HubBot' }], text: 'This chat may be recorded. Let me find a person.', direction: 'OUTGOING' },
          { type: 'ASSIGNMENT', id: 'm3', createdAt: '2026-11-02T09:16:00.000Z', assignedTo: 'A-8812' },
          { type: 'COMMENT', id: 'm4', createdAt: '2026-11-02T09:16:30.000Z', createdBy: 'A-8812', text: 'VIP customer' },
          { type: 'MESSAGE', id: 'm5', createdAt: '2026-11-02T09:17:00.000Z', createdBy: 'A-8812', senders: [{ actorId: 'A-8812', name: 'Jonas' }], text: '', richText: '<p>Hallo Noor, sie kommt <b>morgen</b>.</p>', direction: 'OUTGOING' },
          { type: 'THREAD_STATUS_CHANGE', id: 'm6', createdAt: '2026-11-02T09:30:00.000Z', newStatus: 'CLOSED' },
        ],
      },
    };
    const r = await importAndScore(tmp(), ['--from', 'hubspot', jsonl(tmp(), 'h.jsonl', [thread])]);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(roles(t)).toEqual(['customer', 'bot', 'system:handoff', 'agent', 'system:close']);
    expect(t.messages[3]!.text).toBe('Hallo Noor, sie kommt morgen.');
    expect(t).toMatchObject({ channel: 'chat', customer_id: 'hubspot-contact-551', agent_id: 'hubspot-A-8812', metadata: { notes_excluded: 1 } });
    expect(r.outcomes.escalation.n).toBe(1);
  });

  it('helpscout: threads newest-first are put in order; lineitems are events, notes left out, the rating mapped', async () => {
    const conv = {
      id: 2391938111,
      number: 349,
      type: 'email',
      status: 'closed',
      subject: 'Refund',
      mailboxId: 85,
      createdAt: '2026-11-02T09:15:00Z',
      primaryCustomer: { id: 29418, first: 'Zoë', last: 'Ng' },
      assignee: { id: 1234, first: 'Sam', last: 'Lee', type: 'user' },
      tags: [{ id: 1, tag: 'refund' }],
      _embedded: {
        threads: [
          { id: 4, type: 'lineitem', action: { type: 'manual-workflow', text: 'Marked as closed' }, createdAt: '2026-11-02T10:00:00Z', createdBy: { type: 'user', id: 1234 } },
          { id: 3, type: 'message', body: '<p>Hi Zoë, refunded today.</p>', createdAt: '2026-11-02T09:40:00Z', createdBy: { type: 'user', id: 1234, first: 'Sam', last: 'Lee' } },
          { id: 2, type: 'note', body: '<p>checked Stripe</p>', createdAt: '2026-11-02T09:30:00Z', createdBy: { type: 'user', id: 1234 } },
          { id: 1, type: 'customer', body: '', createdAt: '2026-11-02T09:15:00Z', createdBy: { type: 'customer', id: 29418, first: 'Zoë', last: 'Ng' }, _embedded: { attachments: [{ id: 9, filename: 'receipt.pdf' }] } },
        ],
      },
    };
    const input = pathIn(tmp(), 'hs.json');
    writeFileSync(input, JSON.stringify({ conversations: [conv], ratings: [{ id: 77, conversationId: 2391938111, rating: 'Okay', comments: 'slow' }] }));
    const r = await importAndScore(tmp(), ['--from', 'helpscout', input]);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(roles(t)).toEqual(['customer', 'agent', 'system:close']);
    expect(t.messages[0]!.text).toBe('[attachment: receipt.pdf]');
    expect(t).toMatchObject({ survey: { csat: 3 }, customer_id: 'helpscout-customer-29418', metadata: { notes_excluded: 1, satisfaction: { rating: 'Okay' }, tags: ['refund'] } });
  });

  it('front: is_inbound gives roles, Unix-second times, comments as notes only with --include-notes', async () => {
    const conv = {
      id: 'cnv_55c8c149',
      subject: 'Invoice',
      status: 'archived',
      created_at: 1762074900,
      recipient: { handle: 'kim@example.com', role: 'from', _links: { related: { contact: 'https://api2.frontapp.com/contacts/crd_abc123' } } },
      assignee: { id: 'tea_55c8c149', email: 'ana@example.com' },
      tags: [{ name: 'billing' }],
      messages: {
        _results: [
          { id: 'msg_1', type: 'email', is_inbound: true, is_draft: false, created_at: 1762074900.5, body: '<p>Why was I charged twice?</p>', text: null, recipients: [{ handle: 'kim@example.com', role: 'from', name: 'Kim' }], attachments: [] },
          { id: 'msg_2', type: 'email', is_inbound: false, is_draft: true, created_at: 1762075000, body: '<p>draft</p>' },
          { id: 'msg_3', type: 'email', is_inbound: false, is_draft: false, created_at: 1762075900, author: { id: 'tea_55c8c149', first_name: 'Ana', last_name: 'P' }, body: '<p>Refunded the duplicate.</p>', text: 'Refunded the duplicate.', recipients: [], attachments: [{ filename: 'credit-note.pdf' }] },
        ],
      },
      comments: { _results: [{ id: 'com_1', body: 'dup charge confirmed', posted_at: 1762075500 }] },
    };
    const r = await importAndScore(tmp(), ['--from', 'front', jsonl(tmp(), 'f.jsonl', [conv]), '--include-notes']);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(roles(t)).toEqual(['customer', 'system:internal_note', 'agent']);
    expect(t.messages[0]).toMatchObject({ text: 'Why was I charged twice?', at: '2025-11-02T09:15:00.500Z', author: 'Kim' });
    expect(t.messages[2]).toMatchObject({ text: 'Refunded the duplicate.\n[attachment: credit-note.pdf]', author: 'Ana P' });
    expect(t).toMatchObject({ customer_id: 'front-contact-crd_abc123', agent_id: 'front-teammate-tea_55c8c149', channel: 'email' });
  });

  it('gorgias: from_agent and rules give agent and bot, private messages are notes, the 1–5 survey is kept', async () => {
    const ticket = {
      id: 4711,
      channel: 'chat',
      via: 'chat',
      status: 'closed',
      subject: 'Size exchange',
      created_datetime: '2026-11-02T09:15:00.123456',
      customer: { id: 120, name: 'Lea' },
      assignee_user: { id: 9, name: 'Omar' },
      messages: [
        { id: 1, public: true, from_agent: false, via: 'chat', sender: { id: 120, name: 'Lea' }, body_text: 'Can I swap size M for L?', created_datetime: '2026-11-02T09:15:00.123456', attachments: [] },
        { id: 2, public: true, from_agent: true, via: 'rule', rule_id: 55, sender: { id: 1, name: 'Gorgias Bot' }, body_text: 'Thanks! An agent will reply shortly.', created_datetime: '2026-11-02T09:15:02' },
        { id: 3, public: false, from_agent: true, via: 'helpdesk', sender: { id: 9, name: 'Omar' }, body_text: 'stock ok', created_datetime: '2026-11-02T09:20:00' },
        { id: 4, public: true, from_agent: true, via: 'helpdesk', sender: { id: 9, name: 'Omar' }, body_html: '<p>Done &mdash; L is on its way.</p>', created_datetime: '2026-11-02T09:21:00' },
      ],
    };
    const input = pathIn(tmp(), 'g.json');
    writeFileSync(input, JSON.stringify({ data: [ticket], satisfaction_surveys: [{ id: 5, ticket_id: 4711, score: 4, body_text: 'quick' }] }));
    const r = await importAndScore(tmp(), ['--from', 'gorgias', input]);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(roles(t)).toEqual(['customer', 'bot', 'system:handoff', 'agent']);
    expect(t.started_at).toBe('2026-11-02T09:15:00.123Z');
    expect(t.messages[3]!.text).toBe('Done — L is on its way.');
    expect(t).toMatchObject({ survey: { csat: 4 }, customer_id: 'gorgias-customer-120', agent_id: 'gorgias-user-9', metadata: { notes_excluded: 1 } });
  });
});
