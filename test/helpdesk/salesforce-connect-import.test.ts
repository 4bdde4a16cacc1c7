import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { importAndScore, roles } from './round-trip.js';

describe('cxqa import --from salesforce / connect', () => {
  const tmp = useTempDir();

  it('salesforce ConversationEntry: records grouped by ConversationId, BotEscalated → hand-off, unknown ActorType named', async () => {
    const file = 'test/helpdesk/fixtures/salesforce-entries.json';
    const r = await importAndScore(tmp(), ['--from', 'salesforce', file]);
    expect(r.imported.code).toBe(3);
    expect(r.imported.stderr).toContain(`${file}: record 9 (field entries[0].ActorType) [id 0Mw000000000CCC]: unknown ActorType "Robot"`);
    expect(r.imported.stderr).toContain('3 conversations read, 2 written, 1 skipped (1 invalid record)');
    const chat = r.byId.get('salesforce-0Mw000000000AAA')!;
    expect(roles(chat)).toEqual(['customer', 'bot', 'customer', 'system:handoff', 'agent', 'customer']);
    expect(chat).toMatchObject({ channel: 'messaging', customer_id: 'salesforce-0PA000000000001', agent_id: 'salesforce-005000000000001', started_at: '2026-11-02T09:15:00.000Z' });
    expect(chat.messages[2]!.text).toBe('[attachment: file]');
    expect(chat.messages[3]!.text).toBe('Transferred to Tier 1 queue');
    expect(chat.messages[0]!.author).toBe('Søren Ø.');
    const voice = r.byId.get('salesforce-0LQ000000000BBB')!;
    expect(voice.channel).toBe('voice');
    expect(r.outcomes.escalation.n).toBe(1);
    expect(r.score.transcripts).toMatchObject({ scored: 2, failed: 0 });
  });

  it('salesforce LiveChatTranscript: body lines with offsets, the announced agent, the bot, a multi-line message', async () => {
    const r = await importAndScore(tmp(), ['--from', 'salesforce', 'test/helpdesk/fixtures/salesforce-livechat.jsonl']);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(roles(t)).toEqual(['bot', 'customer', 'system:handoff', 'agent', 'customer']);
    expect(t.messages[1]).toMatchObject({ text: 'my invoice is wrong & late', at: '2026-11-05T16:00:10.000Z', author: 'Visitor' });
    expect(t.messages[3]).toMatchObject({ text: "Hello, I'm Priya. Let me fix that invoice.\nit will be re-sent today", at: '2026-11-05T16:01:05.000Z', author: 'Priya K' });
    expect(t.metadata).toMatchObject({ object: 'LiveChatTranscript', case_id: '500000000000001' });
  });

  it('connect: Contact Lens segments with offsets from the recording time; the caller only as a hash', async () => {
    const r = await importAndScore(tmp(), ['--from', 'connect', 'test/helpdesk/fixtures/connect-analysis.json']);
    expect(r.imported.code).toBe(0);
    const t = r.transcripts[0]!;
    expect(t.id).toBe('connect-a1b2c3d4-0000-4000-8000-000000000001');
    expect(t).toMatchObject({ channel: 'voice', started_at: '2026-11-02T09:15:00.000Z', agent_id: 'connect-agent-agent-7' });
    expect(t.customer_id).toMatch(/^connect-caller-[0-9a-f]{16}$/);
    expect(JSON.stringify(t)).not.toContain('5550100');
    expect(roles(t)).toEqual(['agent', 'customer', 'agent']);
    expect(t.messages[1]!.at).toBe('2026-11-02T09:15:05.200Z');
    expect(t.metadata).toMatchObject({ empty_messages_dropped: 1, categories: ['cancellation'], language: 'es-US' });
  });

  it('connect: without a start time the error says where to get it', async () => {
    const input = pathIn(tmp(), 'c.json');
    writeFileSync(input, JSON.stringify({ CustomerMetadata: { ContactId: 'x' }, Participants: [], Transcript: [] }));
    const r = await runCli(['import', '--from', 'connect', input]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('record 1 (field InitiationTimestamp): the call start is unknown: merge InitiationTimestamp from DescribeContact');
  });
});
