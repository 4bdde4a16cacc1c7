import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RAW_TRIGGERS, TRIGGERS } from '../../../src/judge/offline/triggers.js';
import * as patterns from '../../../src/judge/offline/patterns.js';
import { forEachWord, rx } from '../../../src/judge/offline/text.js';

/** Every message of the samples plus every quoted phrase in this folder's tests: the corpus triggers are checked on. */
function corpus(): string[] {
  const texts: string[] = [];
  const samples = fileURLToPath(new URL('../../../samples/transcripts.jsonl', import.meta.url));
  for (const line of readFileSync(samples, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    for (const m of (JSON.parse(line) as { messages: Array<{ text: string }> }).messages) texts.push(m.text);
  }
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.ts'))) {
    const src = readFileSync(`${dir}/${f}`, 'utf8');
    for (const m of src.matchAll(/(['"`])((?:\\.|(?!\1).){3,300})\1/g)) texts.push(m[2]!.replace(/\\'/g, "'").replace(/\\"/g, '"').replace(/^[cbas](?::[a-z_]+)?: /, ''));
  }
  return texts;
}

function words(text: string): Set<string> {
  const out = new Set<string>();
  forEachWord(text.toLowerCase(), (w) => out.add(w));
  for (const raw of RAW_TRIGGERS) if (text.includes(raw)) out.add(raw);
  return out;
}

describe('phrase lists', () => {
  it('match typographic apostrophes too', () => {
    const re = rx("didn't help", "[a-z']+ works");
    expect('That didn’t help'.match(re)).toEqual(['didn’t help']);
    expect('it’s works'.match(re)).toEqual(['it’s works']);
  });

  it('trigger words never hide a match (checked on the samples and every phrase in the tests)', () => {
    const texts = corpus();
    expect(texts.length).toBeGreaterThan(300);
    const names = new Map(Object.entries(patterns).map(([k, v]) => [v, k]));
    const misses: string[] = [];
    let checked = 0;
    for (const [re, triggers] of TRIGGERS) {
      for (const text of texts) {
        re.lastIndex = 0;
        const m = re.exec(text);
        if (!m) continue;
        checked++;
        const w = words(text);
        if (!triggers.some((t) => w.has(t))) misses.push(`${String(names.get(re))}: ${JSON.stringify(m[0])} in ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('trigger words are lower case, with straight apostrophes, and each is a word or a raw trigger', () => {
    for (const triggers of TRIGGERS.values()) {
      for (const t of triggers) {
        expect(t).toBe(t.toLowerCase().replace(/’/g, "'"));
        if (!RAW_TRIGGERS.includes(t)) expect(words(t), t).toEqual(new Set([t]));
      }
    }
  });
});
