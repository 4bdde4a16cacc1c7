import { describe, expect, it } from 'vitest';
import { scanTranscript } from '../../src/governance/injection-scan.js';
import { redactTranscript } from '../../src/governance/redact.js';
import { formatTranscript } from '../../src/judge/llm/transcript-fence.js';
import { OfflineJudge } from '../../src/judge/offline/offline-judge.js';
import { evaluateRule } from '../../src/judge/rule/evaluate-rule.js';
import { conversationFacts } from '../../src/transcript/conversation-facts.js';
import { loadRubricFile } from '../../src/rubric/load.js';
import type { JudgedCriterion, RuleCriterion } from '../../src/rubric/schema.js';
import type { Transcript } from '../../src/transcript/schema.js';

/**
 * Every stage that runs regular expressions over transcript text, fed text built to make backtracking
 * matchers go quadratic or exponential (long runs of one character, or of a short unit, with a tail that
 * makes the match fail at the end). Found this way and rewritten: the fence sanitiser, the IPv6 detector
 * (cubic: 67 s for 4,000 colons) and the offline judge's link pattern (quadratic on `1-1-1-…`).
 * Nothing here is timed: a stage that backtracks catastrophically never finishes and the test times out.
 */
const UNITS = [' ', 'a', '1', ':', '.', '-', '@', '<', '/', '\n', 'i ', '1 ', '1-', 'a.', 'a@', '+1', '(1', 'a1', '1:', '..', 'www.', 'http', '<transcript-', 'ignore ', 'please ', "don't ", '1. ', '→ ', 'é ', 'dot ', 'at ', 'A1', '４', '\u00A0', 'і', '{"'];
const TAILS = ['', 'x', '!'];
const SIZE = 30_000;

const rubrics = ['rubrics/support-qa.yaml', 'rubrics/governance.yaml'].map((f) => loadRubricFile(f).rubric);
const judge = new OfflineJudge();

function transcriptWith(text: string): Transcript {
  return {
    id: 'crafted',
    channel: 'chat',
    started_at: '2026-11-02T09:15:00Z',
    customer_id: 'c-1',
    intent: 'refund_request',
    messages: [
      { role: 'customer', text },
      { role: 'agent', text },
      { role: 'bot', text },
      { role: 'system', text, event: text.slice(0, 1000) },
    ],
  };
}

/** Words that start an injection or PII pattern, followed by a long run of spaces and a failing tail. */
const PREFIXES = ['note', 'note to', 'SYSTEM', 'system message', 'ignora', 'ignoriere alle', '{', '"value"', 'dear', 'john', 'john dot', 'my ssn is', 'call'];

describe('crafted message text: every text stage ends', () => {
  it('pattern prefixes followed by 30,000 spaces', async () => {
    for (const prefix of PREFIXES) {
      const t = transcriptWith(`${prefix}${' '.repeat(SIZE)}x`);
      expect(Array.isArray(scanTranscript(t))).toBe(true);
      expect(redactTranscript(t, ['card', 'iban', 'ssn', 'email', 'phone', 'ip']).transcript.messages).toHaveLength(4);
      for (const rubric of rubrics) for (const c of rubric.criteria.filter((x): x is RuleCriterion => x.kind === 'rule')) evaluateRule(c, t);
    }
  }, 120_000);

  for (const unit of UNITS) {
    it(`runs of ${JSON.stringify(unit)} (${SIZE} characters)`, async () => {
      for (const tail of TAILS) {
        const t = transcriptWith(unit.repeat(Math.ceil(SIZE / unit.length)) + tail);
        for (const rubric of rubrics) {
          for (const c of rubric.criteria.filter((x): x is RuleCriterion => x.kind === 'rule')) expect(evaluateRule(c, t).criterion).toBe(c.id);
          const judged = rubric.criteria.filter((x): x is JudgedCriterion => x.kind !== 'rule');
          if (judged.length > 0) {
            const out = await judge.judge({ transcript: t, transcriptHash: 'h', rubric, rubricHash: 'h', criteria: judged });
            expect(out.verdicts).toHaveLength(judged.length);
          }
        }
        expect(Array.isArray(scanTranscript(t))).toBe(true);
        expect(redactTranscript(t, ['card', 'iban', 'ssn', 'email', 'phone', 'ip']).transcript.messages).toHaveLength(4);
        expect(formatTranscript(t, 'transcript-0123456789abcdef').length).toBeGreaterThan(0);
        expect(conversationFacts(t)).toBeDefined();
      }
    }, 120_000);
  }
});
