import { describe, expect, it } from 'vitest';
import { sanitizeMessageText, type SanitizeStats } from '../../src/judge/llm/transcript-fence.js';

const b = 'transcript-0123456789abcdef';

/** Inputs built to make a backtracking matcher do quadratic or worse work, at size ~n. */
function adversarial(n: number): Record<string, string> {
  const k = Math.floor(n / 14);
  return {
    'open tag then spaces': `<transcript-${' '.repeat(n)}x`,
    'many open tags': '<transcript-'.repeat(Math.floor(n / 12)),
    'many opening brackets then one closing': `${'<'.repeat(n)}>`,
    'nested rebuilt tags': `${'<transcr'.repeat(k)}<transcript-a>${'ipt-b>'.repeat(k)}`,
    'spaces between brackets': `<${' '.repeat(n)}/${' '.repeat(n)}`,
    'full-width open tags': '\uFF1Ctranscript '.repeat(Math.floor(n / 12)),
    'boundary fragments': `${b.slice(0, 20)}`.repeat(Math.floor(n / 20)),
  };
}

describe('the fence sanitiser does work linear in its input (counted, not timed)', () => {
  for (const n of [1_000, 10_000, 100_000]) {
    it(`at most 3 steps per character for crafted inputs of ~${n} characters`, () => {
      for (const [name, text] of Object.entries(adversarial(n))) {
        const stats: SanitizeStats = { steps: 0 };
        sanitizeMessageText(text, b, stats);
        expect(stats.steps, name).toBeLessThanOrEqual(3 * text.length + 10);
        expect(stats.steps, name).toBeGreaterThan(0);
      }
    });
  }

  it('removes a tag rebuilt by removing another, however deep the nesting', () => {
    expect(sanitizeMessageText(`${'<transcr'.repeat(50)}<transcript-a>${'ipt-b>'.repeat(50)}`, b)).toBe('');
    expect(sanitizeMessageText(`keep <transcript-${' '.repeat(50_000)}x`, b)).toBe(`keep <transcript-${' '.repeat(50_000)}x`);
  });

  it('removes full-width fence tags and keeps ordinary angle brackets', () => {
    expect(sanitizeMessageText('a \uFF1C/transcript-x\uFF1E b', b)).toBe('a  b');
    expect(sanitizeMessageText('if a<b and c>d then <transcript/>', b)).toBe('if a<b and c>d then ');
  });
});
