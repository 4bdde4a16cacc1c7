import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readTranscripts, type TranscriptLine } from '../../src/transcript/read-jsonl.js';
import { makeTranscript, say, toJsonl } from '../helpers/transcripts.js';

async function collect(text: string): Promise<TranscriptLine[]> {
  const out: TranscriptLine[] = [];
  for await (const line of readTranscripts(Readable.from([text]), 'in.jsonl')) out.push(line);
  return out;
}

describe('readTranscripts', () => {
  it('reads every valid line and reports bad ones with file, line and field while going on', async () => {
    const good = makeTranscript([say('customer', 'hi'), say('bot', 'hello')], { id: 'good-1' });
    const unknownRole = { ...makeTranscript([say('customer', 'hi')]), id: 'bad-role' };
    (unknownRole.messages[0] as { role: string }).role = 'robot';
    const text = toJsonl([good, '{"id": "broken",', unknownRole, '', { ...good, id: 'good-2' }]);
    const lines = await collect(text);
    expect(lines.map((l) => [l.line, l.ok])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [5, true],
    ]);
    const json = lines[1]!;
    const role = lines[2]!;
    if (json.ok || role.ok) throw new Error('expected errors');
    expect(json.error.code).toBe('TRANSCRIPT_JSON');
    expect(json.error.message).toMatch(/^in\.jsonl:2: not valid JSON/);
    expect(role.error.code).toBe('TRANSCRIPT_INVALID');
    expect(role.error.location).toEqual({ file: 'in.jsonl', line: 3, field: 'messages[0].role' });
    expect(role.error.message).toContain('in.jsonl:3 (field messages[0].role)');
    expect(role.error.message).toContain('got "robot"');
    expect(role.error.transcriptId).toBe('bad-role');
  });

  it('names the missing field and rejects unknown top-level fields', async () => {
    const { customer_id: _drop, ...noCustomer } = makeTranscript([say('customer', 'hi')]);
    const extra = { ...makeTranscript([say('customer', 'hi')]), custmer_id: 'x' };
    const [a, b] = await collect(toJsonl([noCustomer, extra]));
    if (a!.ok || b!.ok) throw new Error('expected errors');
    expect(a!.error.location.field).toBe('customer_id');
    expect(b!.error.message).toContain('custmer_id');
  });

  it('validates survey ranges and timestamps', async () => {
    const badSurvey = makeTranscript([say('customer', 'hi')], { survey: { csat: 6 } });
    const badTime = makeTranscript([say('customer', 'hi', { at: 'yesterday' })]);
    const [a, b] = await collect(toJsonl([badSurvey, badTime]));
    if (a!.ok || b!.ok) throw new Error('expected errors');
    expect(a!.error.location.field).toBe('survey.csat');
    expect(b!.error.location.field).toBe('messages[0].at');
  });

  it('skips a UTF-8 byte-order mark and CRLF line ends', async () => {
    const t = makeTranscript([say('customer', 'hi')]);
    const lines = await collect(`\uFEFF${JSON.stringify(t)}\r\n${JSON.stringify({ ...t, id: 'x2' })}\r\n`);
    expect(lines.every((l) => l.ok)).toBe(true);
    expect(lines).toHaveLength(2);
  });
});
