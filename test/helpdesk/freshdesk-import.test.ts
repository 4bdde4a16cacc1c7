import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { importAndScore, roles } from './round-trip.js';
import { freshdeskRatingToCsat } from '../../src/helpdesk/survey-scales.js';

const FIXTURE = 'test/helpdesk/fixtures/freshdesk-tickets.json';

describe('cxqa import --from freshdesk', () => {
  const tmp = useTempDir();

  it('maps the description and conversations (incoming, private, attachments) and the ±103 rating', async () => {
    const r = await importAndScore(tmp(), ['--from', 'freshdesk', FIXTURE, '--ratings', 'test/helpdesk/fixtures/freshdesk-ratings.json']);
    expect(r.imported.code).toBe(3);
    expect(r.imported.stderr).toContain(`${FIXTURE}: record 3 (field requester_id) [id 22]: a ticket needs a requester_id (the customer)`);
    expect(r.imported.stderr).toContain('3 tickets read, 2 written, 1 skipped (1 invalid record)');
    const chat = r.byId.get('freshdesk-20')!;
    expect(chat.channel).toBe('chat');
    expect(roles(chat)).toEqual(['customer', 'agent', 'customer', 'customer']);
    expect(chat.messages[0]!.text).toBe('I can\'t log in since the update – «mot de passe incorrect»');
    expect(chat.messages[2]!.text).toBe('[attachment: screenshot.png]');
    expect(chat.survey).toEqual({ csat: 4 }); // 102 "very happy"
    expect(chat.metadata).toMatchObject({ status: 'resolved', notes_excluded: 1, satisfaction: { ratings: { default_question: 102 }, feedback: 'Rapide' }, conversation_sources: ['reply', 'note', 'reply', 'reply'] });
    expect(JSON.stringify(chat)).not.toContain('Verified identity');
    const email = r.byId.get('freshdesk-21')!;
    expect(email.survey).toEqual({ csat: 1 }); // -103 from the side-loaded ratings file
    expect(email.agent_id).toBeUndefined();
    expect(r.score.transcripts).toMatchObject({ scored: 2, failed: 0 });
  });

  it('the Freshdesk scale maps 103…-103 onto 5…1 and leaves anything else unmapped', () => {
    expect([103, 102, 101, 100, -101, -102, -103, 0, 5].map(freshdeskRatingToCsat)).toEqual([5, 4, 4, 3, 2, 2, 1, undefined, undefined]);
  });

  it('--include-notes keeps private notes', async () => {
    const r = await runCli(['import', '--from', 'freshdesk', FIXTURE, '--include-notes']);
    const first = JSON.parse(r.stdout.split('\n')[0]!);
    expect(first.messages[2]).toMatchObject({ role: 'system', event: 'internal_note', text: '[internal note] Verified identity via phone' });
  });
});
