import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { judgeOffline } from '../../../src/judge/offline/offline-judge.js';
import { extractSignals } from '../../../src/judge/offline/signals.js';
import { transcriptSchema, type Transcript } from '../../../src/transcript/schema.js';
import { expectValidVerdict, SHIPPED } from './helpers.js';

const file = fileURLToPath(new URL('../../../samples/transcripts.jsonl', import.meta.url));
const samples: Transcript[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => transcriptSchema.parse(JSON.parse(line)));

describe('offline judge on samples/transcripts.jsonl', () => {
  it('has samples to check', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it('gives a valid verdict with verbatim evidence for every criterion of every sample', () => {
    let quotes = 0;
    for (const t of samples) {
      const verdicts = judgeOffline(t, SHIPPED);
      expect(verdicts).toHaveLength(SHIPPED.length);
      verdicts.forEach((v, i) => {
        expectValidVerdict(t, SHIPPED[i]!, v);
        expect(v.error, `${t.id} ${v.criterion}: ${v.error?.message}`).toBeNull();
        quotes += v.evidence.length;
      });
    }
    expect(quotes).toBeGreaterThan(samples.length);
  });

  it('keeps every signal quote verbatim', () => {
    for (const t of samples) {
      const s = extractSignals(t);
      for (const value of Object.values(s)) {
        const list = Array.isArray(value) ? value : value && typeof value === 'object' && 'quote' in value ? [value] : [];
        for (const h of list as Array<{ message?: number; quote?: unknown; match?: unknown }>) {
          if (typeof h?.quote !== 'string' || typeof h.message !== 'number') continue;
          const text = t.messages[h.message]!.text;
          expect(text.includes(h.quote), `${t.id} msg ${h.message}: ${h.quote}`).toBe(true);
          expect(text.includes(String(h.match)), `${t.id} msg ${h.message}: ${String(h.match)}`).toBe(true);
        }
      }
    }
  });

  it('is deterministic over the samples', () => {
    const first = samples.map((t) => judgeOffline(t, SHIPPED));
    const second = samples.map((t) => judgeOffline(structuredClone(t), SHIPPED));
    expect(second).toEqual(first);
  });
});
