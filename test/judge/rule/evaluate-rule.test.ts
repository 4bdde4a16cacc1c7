import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { parseRubric } from '../../../src/rubric/load.js';
import type { RuleCriterion } from '../../../src/rubric/schema.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';

function rule(yaml: string): RuleCriterion {
  const r = parseRubric(`id: r\nversion: 1\ntitle: R\ncriteria:\n  - id: c\n    title: C\n    kind: rule\n    rule:\n${yaml}`, 'r.yaml').rubric;
  return r.criteria[0] as RuleCriterion;
}

const disclosure = rule(`      check: must_include
      patterns: ["may be recorded"]
      scope: { roles: [agent, bot], first: 2 }
`);

describe('rule criteria', () => {
  it('must_include passes with the matching text as evidence, inside the scope', () => {
    const t = makeTranscript([
      say('customer', 'hi'),
      say('bot', 'Hello! This chat May be Recorded for training.'),
      say('customer', 'ok'),
    ]);
    expect(evaluateRule(disclosure, t)).toMatchObject({
      value: 'pass',
      na: false,
      judge: 'rule',
      evidence: [{ message: 1, quote: 'May be Recorded' }],
    });
  });

  it('must_include fails when the text comes only after the first N messages of the scoped roles', () => {
    const t = makeTranscript([
      say('bot', 'Hi!'),
      say('customer', 'this chat may be recorded? (the customer saying it does not count)'),
      say('agent', 'How can I help?'),
      say('bot', 'This chat may be recorded.'),
    ]);
    const v = evaluateRule(disclosure, t);
    expect(v.value).toBe('fail');
    expect(v.rationale).toContain('the first 2 agent or bot messages');
    expect(v.evidence).toEqual([]);
  });

  it('must_not_include fails with every offending message, and passes on clean text', () => {
    const noCards = rule(`      check: must_not_include
      patterns: ['\\b\\d{4}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{1,7}\\b']
`);
    const bad = makeTranscript([
      say('customer', 'my card is 4111 1111 1111 1111'),
      say('agent', 'I see card 4111 1111 1111 1111 on file'),
      say('agent', 'and also 5500-0000-0000-0004'),
    ]);
    const v = evaluateRule(noCards, bad);
    expect(v.value).toBe('fail');
    expect(v.evidence).toEqual([
      { message: 1, quote: '4111 1111 1111 1111' },
      { message: 2, quote: '5500-0000-0000-0004' },
    ]);
    expect(evaluateRule(noCards, makeTranscript([say('agent', 'your order 12345 has shipped')])).value).toBe('pass');
  });

  it('scopes by last N messages', () => {
    const closing = rule(`      check: must_include
      patterns: ["anything else"]
      scope: { roles: [agent], last: 1 }
`);
    const t = makeTranscript([say('agent', 'Anything else?'), say('customer', 'no'), say('agent', 'Bye')]);
    expect(evaluateRule(closing, t).value).toBe('fail');
    const t2 = makeTranscript([say('agent', 'Hi'), say('customer', 'no'), say('agent', 'Is there anything else?')]);
    expect(evaluateRule(closing, t2)).toMatchObject({ value: 'pass', evidence: [{ message: 2, quote: 'anything else' }] });
  });

  it('is N/A when no message is in scope', () => {
    const agentOnly = rule(`      check: must_include
      patterns: ["recorded"]
      scope: { roles: [agent] }
`);
    const v = evaluateRule(agentOnly, makeTranscript([say('customer', 'hi'), say('bot', 'hello')]));
    expect(v).toMatchObject({ na: true, value: null });
  });

  it('accepts any of several phrasings by default, and requires every one with match: all', () => {
    const t = makeTranscript([say('bot', 'This chat is recorded.')]);
    const any = rule(`      check: must_include
      patterns: ["may be recorded", "is recorded"]
`);
    expect(evaluateRule(any, t)).toMatchObject({ value: 'pass', evidence: [{ message: 0, quote: 'is recorded' }] });
    const neither = evaluateRule(any, makeTranscript([say('bot', 'Hello!')]));
    expect(neither.value).toBe('fail');
    expect(neither.rationale).toContain('none of /may be recorded/, /is recorded/ matched');
    const both = rule(`      check: must_include
      match: all
      patterns: ["recorded", "privacy notice"]
`);
    const v = evaluateRule(both, t);
    expect(v.value).toBe('fail');
    expect(v.rationale).toContain('no match for /privacy notice/');
    expect(v.evidence).toEqual([{ message: 0, quote: 'recorded' }]);
  });
});
