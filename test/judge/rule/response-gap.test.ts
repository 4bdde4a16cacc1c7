import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';
import { ruleFromYaml } from './rule-helpers.js';

const rule = ruleFromYaml(`      check: max_response_gap
      seconds: 300
`);
const at = (hhmmss: string) => ({ at: `2026-11-02T${hhmmss}Z` });

describe('max_response_gap rule', () => {
  it('passes when every reply comes within the limit, citing the longest wait', () => {
    const t = makeTranscript([
      say('customer', 'hi', at('09:00:00')),
      say('bot', 'Hello, how can I help?', at('09:00:05')),
      say('customer', 'refund please', at('09:01:00')),
      say('agent', 'Sure, let me look at that for you right away now', at('09:04:00')),
    ]);
    const v = evaluateRule(rule, t);
    expect(v).toMatchObject({ value: 'pass', evidence: [{ message: 3, quote: 'Sure, let me look at that for you …' }] });
    expect(v.rationale).toBe('longest wait 180 s (3m 0s), from customer message 2 to reply 3, within the 300 s limit');
  });

  it('fails when a wait exceeds the limit; the wait starts at the first unanswered customer message', () => {
    const t = makeTranscript([
      say('customer', 'hello?', at('09:00:00')),
      say('customer', 'anyone there?', at('09:05:00')),
      say('system', 'queued', { ...at('09:06:00'), event: 'hold' }),
      say('agent', 'Sorry for the wait.', at('09:07:30')),
    ]);
    const v = evaluateRule(rule, t);
    expect(v.value).toBe('fail');
    expect(v.evidence).toEqual([{ message: 3, quote: 'Sorry for the wait.' }]);
    expect(v.rationale).toBe('longest wait 450 s (7m 30s), from customer message 0 to reply 3 exceeds the 300 s limit');
  });

  it('is N/A without timestamps', () => {
    const t = makeTranscript([say('customer', 'hi'), say('agent', 'hello')]);
    expect(evaluateRule(rule, t)).toMatchObject({ na: true, value: null });
    expect(evaluateRule(rule, t).rationale).toMatch(/^not applicable: /);
  });
});

describe('max_response_gap channels', () => {
  it('is N/A for channels the rule does not cover', () => {
    const chatOnly = ruleFromYaml(`      check: max_response_gap
      seconds: 60
      channels: [chat]
`);
    const msgs = [say('customer', 'hi', at('09:00:00')), say('agent', 'hello', at('11:00:00'))];
    expect(evaluateRule(chatOnly, makeTranscript(msgs, { channel: 'email' }))).toMatchObject({ na: true, rationale: 'not applicable: channel "email" is not one of chat' });
    expect(evaluateRule(chatOnly, makeTranscript(msgs, { channel: 'chat' })).value).toBe('fail');
  });
});
