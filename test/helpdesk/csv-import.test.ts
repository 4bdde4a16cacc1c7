import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { importAndScore, roles } from './round-trip.js';

const FIXTURE = 'test/helpdesk/fixtures/messages.csv';
const MAP = 'conversation_id=Ticket,role=Sender,text=Body,at=Timestamp,author=Agent Name,customer_id=Customer,intent=Topic';

describe('cxqa import --from csv', () => {
  const tmp = useTempDir();

  it('groups rows into conversations with --map and --roles; a bad row skips its conversation with line and column', async () => {
    const r = await importAndScore(tmp(), ['--from', 'csv', FIXTURE, '--map', MAP, '--roles', 'bot=Virtual Assistant,agent=Support']);
    expect(r.imported.code).toBe(3);
    expect(r.imported.stderr).toContain(`${FIXTURE}: record 2 (line 7) (field Sender) [id c-2]: unknown role "Robot"`);
    expect(r.imported.stderr).toContain('3 conversations read, 2 written, 1 skipped (1 invalid record)');
    const c1 = r.byId.get('c-1')!;
    expect(roles(c1)).toEqual(['customer', 'bot', 'agent', 'customer']);
    expect(c1).toMatchObject({ channel: 'chat', customer_id: 'cust-1', intent: 'delivery', agent_id: 'Ana', started_at: '2026-11-02T09:15:00.000Z' });
    expect(r.outcomes.escalation.n).toBe(1);
    expect(r.score.transcripts).toMatchObject({ scored: 2 });
  });

  it('names missing columns and how to map them; nothing is written', async () => {
    const out = pathIn(tmp(), 'x.jsonl');
    const r = await runCli(['import', '--from', 'csv', FIXTURE, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing columns "conversation_id", "role", "text"');
    expect(r.stderr).toContain('--map conversation_id=YourColumn,role=YourColumn,text=YourColumn');
    const { existsSync } = await import('node:fs');
    expect(existsSync(out)).toBe(false);
  });

  it('catches rows of one conversation that are not together', async () => {
    const input = pathIn(tmp(), 'split.csv');
    writeFileSync(input, 'conversation_id,role,text,at,customer_id\na,customer,hi,2026-11-02T09:00:00Z,c\nb,customer,yo,2026-11-02T09:00:00Z,d\na,agent,hello,2026-11-02T09:01:00Z,c\n');
    const r = await runCli(['import', '--from', 'csv', input]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('record 3 (line 4) (field conversation_id) [id a]: rows of conversation "a" are not together');
  });
});
