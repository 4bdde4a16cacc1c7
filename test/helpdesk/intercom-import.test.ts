import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { importAndScore, roles } from './round-trip.js';

const FIXTURE = 'test/helpdesk/fixtures/intercom-conversations.jsonl';

describe('cxqa import --from intercom', () => {
  const tmp = useTempDir();

  it('maps source + conversation_parts: Fin → team hand-off, notes out, rating and AI-agent state kept', async () => {
    const r = await importAndScore(tmp(), ['--from', 'intercom', FIXTURE]);
    expect(r.imported.code).toBe(3);
    expect(r.imported.stderr).toContain(`${FIXTURE}: record 3 (line 3) (field created_at) [id 215468812400]: not a valid time: "not a time"`);
    expect(r.imported.stderr).toContain(`${FIXTURE}: record 4 (line 4): not valid JSON`);
    expect(r.imported.stderr).toContain('import intercom: 4 conversations read, 2 written, 2 skipped (1 invalid record, 1 not valid JSON)');
    const fin = r.byId.get('intercom-215468812345')!;
    expect(roles(fin)).toEqual(['customer', 'bot', 'customer', 'system:handoff', 'agent', 'system:close']);
    expect(fin.messages[0]).toMatchObject({ text: '請求書が二重に届きました & 支払いも二回されています', at: '2025-11-02T09:15:00.000Z', author: 'Haruki Sato' });
    expect(fin.messages[2]!.text).toBe('人と話したいです\n[attachment: invoice-1180.pdf]');
    expect(fin.messages[3]!.text).toBe('Assigned to Billing');
    expect(fin.messages[4]!.text).toBe('Sato様、ケイコです。二重請求を確認し、返金しました。');
    expect(fin.survey).toEqual({ csat: 4 });
    expect(fin.customer_id).toBe('intercom-contact-6529a1f0c1b2');
    expect(fin.agent_id).toBe('intercom-admin-5017691');
    expect(fin.metadata).toMatchObject({
      conversation_id: '215468812345',
      ai_agent: { resolution_state: 'routed_to_team', last_answer_type: 'ai_answer' },
      satisfaction: { rating: 4, remark: 'ありがとう' },
      notes_excluded: 1,
      empty_messages_dropped: 1,
      external_id: 'cust-7781',
      tags: ['billing'],
    });
    expect(JSON.stringify(fin)).not.toContain('Stripe');
    const email = r.byId.get('intercom-215468812399')!;
    expect(email.channel).toBe('email');
    expect(email.messages[0]!.text).toBe('Hi, order #5521 hasn\'t shipped.\n\nThanks,\nLena');
    expect(r.score.transcripts).toMatchObject({ scored: 2, failed: 0 });
    expect(r.outcomes.escalation.n).toBe(1);
  });

  it('a 500-part thread from a conversation.list page in a JSON file, with an admin reassignment (transfer)', async () => {
    const parts = Array.from({ length: 500 }, (_, i) => ({
      type: 'conversation_part',
      id: String(10_000 + i),
      part_type: i === 250 ? 'assignment' : 'comment',
      body: i === 250 ? null : `<p>message ${i}</p>`,
      created_at: 1762074900 + i * 30,
      assigned_to: i === 250 ? { type: 'admin', id: '42', name: 'Second Line' } : null,
      author: i % 2 === 0 ? { type: 'user', id: 'u-9', name: 'Ola' } : { type: 'admin', id: '41', name: 'First Line' },
      attachments: [],
    }));
    const page = {
      type: 'conversation.list',
      conversations: [
        {
          type: 'conversation',
          id: '9',
          created_at: 1762074800,
          source: { type: 'conversation', id: 's', body: '<p>start</p>', author: { type: 'user', id: 'u-9', name: 'Ola' } },
          contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: 'u-9' }] },
          conversation_parts: { type: 'conversation_part.list', conversation_parts: parts, total_count: 500 },
        },
      ],
      pages: { type: 'pages', page: 1, per_page: 20, total_pages: 1 },
    };
    const input = pathIn(tmp(), 'page.json');
    writeFileSync(input, JSON.stringify(page, null, 2));
    const r = await importAndScore(tmp(), ['--from', 'intercom', input]);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(t.messages).toHaveLength(501); // the opening message, 499 comments, and the assignment as a system transfer event
    expect(t.messages.filter((m) => m.event === 'transfer')).toHaveLength(1);
    expect(t.messages.at(-1)!.at).toBe(new Date((1762074900 + 499 * 30) * 1000).toISOString());
  });

  it('a bare conversation object (GET /conversations/{id}) without a contact is one clear error', async () => {
    const input = pathIn(tmp(), 'one.json');
    writeFileSync(input, JSON.stringify({ type: 'conversation', id: '1', created_at: 1762074800, source: { type: 'conversation', body: 'hi', author: { type: 'admin', id: '3' } } }));
    const r = await runCli(['import', '--from', 'intercom', input]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('record 1 (field contacts.contacts[0].id) [id 1]: a conversation needs a contact (the customer)');
  });
});
