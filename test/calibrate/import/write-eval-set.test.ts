import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EvalItem } from '../../../src/calibrate/eval-set/schema.js';
import { ImportError } from '../../../src/calibrate/import/import-error.js';
import type { ImportEvent } from '../../../src/calibrate/import/import-event.js';
import { readCsvRows, type CsvRow } from '../../../src/calibrate/import/read-csv-rows.js';
import { writeEvalSet } from '../../../src/calibrate/import/write-eval-set.js';

const item = (id: string, raters = 1): EvalItem => ({
  id,
  channel: 'chat',
  started_at: '2000-01-01T00:00:00Z',
  customer_id: id,
  messages: [{ role: 'customer', text: 'hi' }],
  human_labels: Array.from({ length: raters }, (_, i) => ({ rater: `r${i + 1}`, labels: { auto_csat: 3 } })),
});

async function* events(list: ImportEvent[]): AsyncGenerator<ImportEvent> {
  yield* list;
}

describe('writeEvalSet', () => {
  it('writes valid items as JSONL, counts skipped items and problems, and never writes an invalid item', async () => {
    const written: string[] = [];
    const reported: string[] = [];
    const summary = await writeEvalSet(
      events([
        { kind: 'item', item: item('a') },
        { kind: 'skipped', error: new ImportError('USS_OVERALL', 'f.txt', 3, 'text', 'no OVERALL') },
        { kind: 'problem', error: new ImportError('ABREDIAL_LABEL', 'f.csv', 4, 'dialogue-overall', 'bad') },
        { kind: 'item', item: item('b', 0) },
        { kind: 'notice', message: 'fyi' },
      ]),
      { write: async (t) => void written.push(t) },
      { file: 'f.txt', onError: (e, kind) => reported.push(`${kind} ${e.code} ${e.message}`), onNotice: (m) => reported.push(`notice ${m}`) },
    );
    expect(summary).toEqual({ written: 1, skipped: 2, problems: 1, limited: false });
    expect(written).toEqual([`${JSON.stringify(item('a'))}\n`]);
    expect(reported).toEqual([
      'skipped USS_OVERALL f.txt:3 (field text): no OVERALL',
      'problem ABREDIAL_LABEL f.csv:4 (field dialogue-overall): bad',
      'skipped IMPORT_INVALID_ITEM f.txt (field human_labels): item b: an eval item needs at least one rater in human_labels',
      'notice fyi',
    ]);
  });

  it('stops reading at the limit', async () => {
    let pulled = 0;
    async function* many(): AsyncGenerator<ImportEvent> {
      for (let i = 0; i < 10; i++) {
        pulled += 1;
        yield { kind: 'item', item: item(`i${i}`) };
      }
    }
    const summary = await writeEvalSet(many(), { write: async () => {} }, { file: 'x', limit: 3 });
    expect(summary).toMatchObject({ written: 3, limited: true });
    expect(pulled).toBe(3);
  });
});

describe('readCsvRows', () => {
  it('gives the starting line of records with quoted newlines, and reports broken quoting with its line', async () => {
    const rows: CsvRow[] = [];
    for await (const r of readCsvRows(Readable.from(['a,b\n"x\ny",1\n\n2,"3"z\n4,5\n']))) rows.push(r);
    expect(rows[0]).toEqual({ ok: true, line: 1, cells: ['a', 'b'] });
    expect(rows[1]).toEqual({ ok: true, line: 2, cells: ['x\ny', '1'] });
    // csv-parse cannot resynchronise after a stray character behind a closing quote: the rest of the file
    // becomes one unclosed quoted field, reported as a second error at the last line. Nothing throws.
    expect(rows.slice(2).map((r) => [r.ok, r.line])).toEqual([
      [false, 5],
      [false, 6],
    ]);
  });
});
