import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ImportEvent } from '../../../src/calibrate/import/import-event.js';
import { PLACEHOLDER_STARTED_AT } from '../../../src/calibrate/import/import-event.js';
import { importUss } from '../../../src/calibrate/import/uss.js';
import { parseUssLine } from '../../../src/calibrate/import/uss-line.js';

/** Lines in the USS format (ROLE \t TEXT \t ACTION \t RATINGS), written for these tests. */
const lines = (...rows: string[][]) => rows.map((r) => r.join('\t')).join('\n') + '\n';

const DIALOGUE_1 = [
  ['USER', 'I need a table for two tonight.', 'INFORM_INTENT', '3,3,4'],
  ['SYSTEM', 'Which city?', 'REQUEST', ''],
  ['USER', 'Oakland, please.', 'INFORM', '3,2,4'],
  ['SYSTEM', 'Booked at 7 pm.', 'NOTIFY_SUCCESS', ''],
  ['USER', 'OVERALL', '', '4,3,5'],
];
const DIALOGUE_2 = [
  ['SYSTEM', 'Hi, what can I do?', '', ''],
  ['USER', 'Play some jazz.', '', '2,3,3,2'],
  ['USER', 'OVERALL', '', '2,2,3,3'],
];

async function run(text: string, corpusName = 'toy'): Promise<ImportEvent[]> {
  const out: ImportEvent[] = [];
  for await (const e of importUss(Readable.from([text]), { file: 'toy.txt', corpusName })) out.push(e);
  return out;
}

describe('parseUssLine', () => {
  it('reads the four fields and flags the OVERALL line', () => {
    expect(parseUssLine('USER\tOVERALL\t\t4,3', 'f', 7)).toEqual({ line: 7, role: 'USER', text: 'OVERALL', act: undefined, ratings: [4, 3], overall: true });
    expect(parseUssLine('SYSTEM\tHello.', 'f', 1)).toMatchObject({ role: 'SYSTEM', text: 'Hello.', ratings: undefined, overall: false });
  });

  it('names the field of a bad line', () => {
    expect(() => parseUssLine('BOT\thi\t\t', 'f.txt', 3)).toThrow(expect.objectContaining({ code: 'USS_ROLE', location: { file: 'f.txt', line: 3, field: 'role' } }));
    expect(() => parseUssLine('USER\thi\t\t3,x', 'f.txt', 4)).toThrow(expect.objectContaining({ code: 'USS_RATINGS', location: { file: 'f.txt', line: 4, field: 'ratings' } }));
    expect(() => parseUssLine('USER\thi\t\t6', 'f.txt', 4)).toThrow(expect.objectContaining({ code: 'USS_RATINGS' }));
    expect(() => parseUssLine('SYSTEM\thi\t\t3', 'f.txt', 5)).toThrow(/only allowed on USER lines/);
    expect(() => parseUssLine('USER\ta\tb\tc\td', 'f.txt', 6)).toThrow(expect.objectContaining({ code: 'USS_FIELDS', location: { file: 'f.txt', line: 6, field: 'text' } }));
  });
});

describe('importUss', () => {
  it('splits dialogues on blank lines and maps roles, raters and exchange ratings', async () => {
    const text = '\n' + lines(...DIALOGUE_1) + '\n\n' + lines(...DIALOGUE_2);
    const events = await run(text);
    expect(events.map((e) => e.kind)).toEqual(['item', 'item']);
    const [a, b] = events.map((e) => (e.kind === 'item' ? e.item : undefined));
    expect(a).toMatchObject({
      id: 'uss-toy-0001',
      channel: 'chat',
      started_at: PLACEHOLDER_STARTED_AT,
      customer_id: 'uss-toy-0001',
      messages: [
        { role: 'customer', text: 'I need a table for two tonight.' },
        { role: 'bot', text: 'Which city?' },
        { role: 'customer', text: 'Oakland, please.' },
        { role: 'bot', text: 'Booked at 7 pm.' },
      ],
      human_labels: [
        { rater: 'uss-a1', labels: { auto_csat: 4 } },
        { rater: 'uss-a2', labels: { auto_csat: 3 } },
        { rater: 'uss-a3', labels: { auto_csat: 5 } },
      ],
    });
    expect(a!.messages).toHaveLength(4); // the OVERALL line is not a message
    expect(a!.metadata).toEqual({
      source: { corpus: 'uss', subset: 'toy', file: 'toy.txt', dialogue: 1, first_line: 2, last_line: 6 },
      exchange_ratings: [
        { message: 0, ratings: [3, 3, 4] },
        { message: 2, ratings: [3, 2, 4] },
      ],
      acts: ['INFORM_INTENT', 'REQUEST', 'INFORM', 'NOTIFY_SUCCESS'],
    });
    expect(b!.id).toBe('uss-toy-0002');
    expect(b!.human_labels.map((h) => h.rater)).toEqual(['uss-a1', 'uss-a2', 'uss-a3', 'uss-a4']);
    expect(b!.metadata).not.toHaveProperty('acts');
  });

  it('imports a last dialogue without a trailing blank line, and CRLF line ends', async () => {
    const events = await run(lines(...DIALOGUE_2).trimEnd().replace(/\n/g, '\r\n'));
    expect(events).toHaveLength(1);
    expect(events[0]!.kind === 'item' && events[0]!.item.human_labels).toHaveLength(4);
  });

  it('skips a dialogue with a bad line or without OVERALL, naming file, line and field, and goes on', async () => {
    const badRating = [DIALOGUE_1[0]!, ['SYSTEM', 'ok', '', ''], ['USER', 'fine', '', '3,,3'], ['USER', 'OVERALL', '', '3,3,3']];
    const noOverall = [['USER', 'hi', '', '3,3,3'], ['SYSTEM', 'hello', '', '']];
    const overallMidway = [['USER', 'OVERALL', '', '3,3,3'], ['USER', 'hi', '', '3,3,3']];
    const noRatings = [['USER', 'hi', '', '3,3,3'], ['USER', 'OVERALL', '', '']];
    const onlyOverall = [['USER', 'OVERALL', '', '3,3,3']];
    const text = [badRating, noOverall, overallMidway, noRatings, onlyOverall, DIALOGUE_2].map((d) => lines(...d)).join('\n');
    const events = await run(text);
    expect(events.map((e) => (e.kind === 'skipped' ? [e.error.code, e.error.location] : [e.kind]))).toEqual([
      ['USS_RATINGS', { file: 'toy.txt', line: 3, field: 'ratings' }],
      ['USS_OVERALL', { file: 'toy.txt', line: 7, field: 'text' }],
      ['USS_OVERALL', { file: 'toy.txt', line: 9, field: 'text' }],
      ['USS_OVERALL', { file: 'toy.txt', line: 13, field: 'ratings' }],
      ['USS_EMPTY_DIALOGUE', { file: 'toy.txt', line: 15, field: 'text' }],
      ['item'],
    ]);
    // ids follow the dialogue's position in the file, skipped ones included, so they are stable
    expect(events[5]!.kind === 'item' && events[5]!.item.id).toBe('uss-toy-0006');
  });

  it('notes when an exchange has a different number of ratings than OVERALL', async () => {
    const events = await run(lines(['USER', 'hi', '', '3,3'], ['USER', 'OVERALL', '', '3,3,4']));
    expect(events.map((e) => e.kind)).toEqual(['notice', 'item']);
    expect(events[0]!.kind === 'notice' && events[0]!.message).toMatch(/^toy\.txt:1: uss-toy-0001: .*different number of ratings/);
  });
});
