import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/shared/hash.js';
import { readTranscripts, splitLines, type TranscriptLine } from '../../src/transcript/read-jsonl.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say } from '../helpers/transcripts.js';

function good(id: string) {
  return makeTranscript([say('customer', 'My parcel is late'), say('bot', 'This chat may be recorded. It arrives Friday.'), say('customer', 'thanks')], { id });
}

/** `{"a":{"a":…1…}}` nested `depth` levels: a 5,000-level one is a 37 KB line. */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

function deepLine(id: string, depth: number): string {
  return JSON.stringify(good(id)).replace(/}$/, `,"metadata":${nested(depth)}}`);
}

async function readAll(text: string | string[], limits = {}): Promise<TranscriptLine[]> {
  const out: TranscriptLine[] = [];
  for await (const line of readTranscripts(Readable.from(Array.isArray(text) ? text : [text]), 'in.jsonl', limits)) out.push(line);
  return out;
}

describe('crafted input lines: each is reported with file, line and field, and the rest is read', () => {
  it('metadata nested 5,000 levels deep: TRANSCRIPT_TOO_DEEP naming the field, no stack overflow', async () => {
    const lines = await readAll([JSON.stringify(good('a')), deepLine('deep', 5000), JSON.stringify(good('b'))].join('\n'));
    expect(lines.map((l) => l.ok)).toEqual([true, false, true]);
    const bad = lines[1]!;
    if (bad.ok) throw new Error('expected an error');
    expect(bad.error.code).toBe('TRANSCRIPT_TOO_DEEP');
    expect(bad.error.message).toContain('in.jsonl:2 (field metadata.a.a.a.a.a…): nested more than 32 levels deep');
    expect(bad.error.transcriptId).toBe('deep');
  });

  it('content hash and canonical JSON refuse (with a code) a value too deep to hash instead of overflowing the stack', () => {
    const deep = JSON.parse(nested(100_000)) as unknown;
    expect(() => contentHash(deep)).toThrow(expect.objectContaining({ code: 'JSON_TOO_DEEP' }));
    expect(contentHash(JSON.parse(nested(100)))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a line over the length limit is skipped without being held whole; the next line is read', async () => {
    const huge = `{"id":"huge","pad":"${'x'.repeat(3_000_000)}"}`;
    // Fed in 64 KB pieces, as a file stream does.
    const text = `${JSON.stringify(good('a'))}\n${huge}\n${JSON.stringify(good('b'))}\n`;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
    const lines = await readAll(chunks, { maxLineChars: 1_000_000 });
    expect(lines.map((l) => l.ok)).toEqual([true, false, true]);
    const bad = lines[1]!;
    if (bad.ok) throw new Error('expected an error');
    expect(bad.error.code).toBe('TRANSCRIPT_TOO_LONG');
    expect(bad.error.message).toMatch(/^in\.jsonl:2: line too long: 3,000,\d{3} characters or more, the limit is 1,000,000/);
    // The splitter itself: exactly the limit passes, one more character does not.
    const out: unknown[] = [];
    for await (const l of splitLines(Readable.from(['abcd\nabcde\r\nab']), 4)) out.push(l);
    expect(out).toEqual(['abcd', { overlong: true, chars: 6 }, 'ab']);
  });

  it('the default limit is 5 MB: a 6 MB line is refused, a 4 MB one is read', async () => {
    const line = (n: number, id: string) => JSON.stringify({ ...good(id), metadata: { pad: 'x'.repeat(n) } });
    const lines = await readAll(`${line(6 * 2 ** 20, 'six')}\n${line(4 * 2 ** 20, 'four')}\n`);
    expect(lines.map((l) => (l.ok ? l.transcript.id : l.error.code))).toEqual(['TRANSCRIPT_TOO_LONG', 'four']);
  });

  it('a second transcript with the same id: reported with both lines, the first kept', async () => {
    const lines = await readAll([JSON.stringify(good('dup')), JSON.stringify(good('other')), JSON.stringify({ ...good('dup'), customer_id: 'someone-else' })].join('\n'));
    expect(lines.map((l) => l.ok)).toEqual([true, true, false]);
    const bad = lines[2]!;
    if (bad.ok) throw new Error('expected an error');
    expect(bad.error.code).toBe('TRANSCRIPT_DUPLICATE_ID');
    expect(bad.error.message).toBe('in.jsonl:3 (field id): duplicate transcript id "dup": already on line 1; the first one is kept and this line is skipped');
  });

  describe('cxqa score over all of them at once', () => {
    const tmp = useTempDir();
    it('exits 3, names each bad line, records it with its reason, and scores every good line', async () => {
      const dir = tmp();
      const input = pathIn(dir, 'in.jsonl');
      const db = pathIn(dir, 'cxqa.db');
      const lines = [
        JSON.stringify(good('g1')),
        deepLine('deep', 5000),
        JSON.stringify(good('g2')),
        `{"id":"huge","pad":"${'x'.repeat(2 * 2 ** 20)}"}`,
        JSON.stringify(good('g3')),
        JSON.stringify({ ...good('g1'), customer_id: 'other' }),
        JSON.stringify(good('g4')),
      ];
      writeFileSync(input, `${lines.join('\n')}\n`);
      const res = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db, '--json', '--max-line-mb', '1', '--quiet']);
      expect(res.code).toBe(3);
      expect(res.stderr).toContain(`${input}:2 (field metadata.a.a.a.a.a…): nested more than 32 levels deep`);
      expect(res.stderr).toContain(`${input}:4: line too long`);
      expect(res.stderr).toContain(`${input}:6 (field id): duplicate transcript id "g1": already on line 1`);
      const summary = JSON.parse(res.stdout) as { transcripts: Record<string, number> };
      expect(summary.transcripts).toMatchObject({ read: 7, scored: 4, failed: 3 });
      const rows = new Database(db, { readonly: true })
        .prepare('SELECT source_line, transcript_id, status, error_code FROM run_items ORDER BY source_line')
        .all();
      expect(rows).toEqual([
        { source_line: 1, transcript_id: 'g1', status: 'scored', error_code: null },
        { source_line: 2, transcript_id: 'deep', status: 'invalid', error_code: 'TRANSCRIPT_TOO_DEEP' },
        { source_line: 3, transcript_id: 'g2', status: 'scored', error_code: null },
        { source_line: 4, transcript_id: null, status: 'invalid', error_code: 'TRANSCRIPT_TOO_LONG' },
        { source_line: 5, transcript_id: 'g3', status: 'scored', error_code: null },
        { source_line: 6, transcript_id: 'g1', status: 'invalid', error_code: 'TRANSCRIPT_DUPLICATE_ID' },
        { source_line: 7, transcript_id: 'g4', status: 'scored', error_code: null },
      ]);
    }, 60_000);
  });
});
