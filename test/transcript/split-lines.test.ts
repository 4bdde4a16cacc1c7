import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/transcript/read-jsonl.js';

async function collect(chunks: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of splitLines(Readable.from(chunks, { objectMode: false }))) out.push(line);
  return out;
}

describe('splitLines', () => {
  it('splits LF and CRLF lines across chunk boundaries, keeping a last line without a newline', async () => {
    expect(await collect(['a\r', '\nbb\n', 'c', 'c\r\n\n', 'last'])).toEqual(['a', 'bb', 'cc', '', 'last']);
  });

  it('decodes UTF-8 split inside a multi-byte character', async () => {
    const bytes = Buffer.from('é€\nü\n', 'utf8');
    expect(await collect([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)])).toEqual(['é€', 'ü']);
  });

  it('reads only as far as the consumer asks', async () => {
    let pulled = 0;
    const source = new Readable({
      highWaterMark: 1,
      read() {
        pulled += 1;
        this.push(pulled > 1000 ? null : `line ${pulled}\n`);
      },
    });
    const it = splitLines(source)[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe('line 1');
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBeLessThan(50);
    await it.return?.(undefined);
  });
});
