import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { loadRubricFile, parseRubric } from '../../../src/rubric/load.js';
import type { RuleCriterion } from '../../../src/rubric/schema.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';
import { ruleFromYaml } from './rule-helpers.js';

const rule = ruleFromYaml(`      check: action_sequence
      severity: high
      actions:
        verify_identity:
          patterns: ['verified your (identity|account)', 'identity (is )?confirmed']
          roles: [agent, bot, system]
        promise_refund:
          patterns: ["(I|we)('ll| will) (issue|process) (a|your) refund"]
      intents:
        refund_request: [verify_identity, promise_refund]
`);

describe('action_sequence rule', () => {
  it('fails when the refund is promised before the account is verified', () => {
    const t = makeTranscript(
      [
        say('customer', 'I want a refund'),
        say('agent', "No problem, I'll issue a refund today."),
        say('agent', 'I have verified your account.'),
      ],
      { intent: 'refund_request' },
    );
    const v = evaluateRule(rule, t);
    expect(v.value).toBe('fail');
    expect(v.evidence).toEqual([{ message: 1, quote: "I'll issue a refund" }]);
    expect(v.rationale).toContain('promise_refund in message 1 ("I\'ll issue a refund") came before verify_identity (message 2)');
  });

  it('fails when the prerequisite never happens', () => {
    const t = makeTranscript([say('customer', 'refund!'), say('bot', 'We will process your refund.')], { intent: 'refund_request' });
    expect(evaluateRule(rule, t).rationale).toContain('came before verify_identity (never done)');
  });

  it('passes when verification comes first (a system event counts for actions with that role)', () => {
    const t = makeTranscript(
      [say('customer', 'refund please'), say('system', 'Identity confirmed via OTP', { event: 'verify' }), say('agent', "Thanks, I'll issue a refund now.")],
      { intent: 'refund_request' },
    );
    const v = evaluateRule(rule, t);
    expect(v).toMatchObject({ value: 'pass', evidence: [{ message: 1, quote: 'Identity confirmed' }, { message: 2, quote: "I'll issue a refund" }] });
  });

  it('is N/A for other intents, without intent, and when no action occurred', () => {
    const promise = [say('agent', "I'll issue a refund.")];
    expect(evaluateRule(rule, makeTranscript(promise, { intent: 'shipping_status' }))).toMatchObject({ na: true });
    expect(evaluateRule(rule, makeTranscript(promise))).toMatchObject({ na: true });
    expect(evaluateRule(rule, makeTranscript([say('agent', 'Hello!')], { intent: 'refund_request' }))).toMatchObject({ na: true });
  });

  it('rejects sequences naming undefined actions', () => {
    const yaml = `id: r\nversion: 1\ntitle: R\ncriteria:\n  - id: c\n    title: C\n    kind: rule\n    rule:\n      check: action_sequence\n      actions:\n        a: { patterns: [x] }\n      intents:\n        refund: [a, b]\n`;
    expect(() => parseRubric(yaml, 'r.yaml')).toThrow('r.yaml:13 (field criteria[0].rule.intents.refund[1]): action "b" is not defined under `actions`');
  });

  it('the shipped governance rubric uses every rule type', () => {
    const gov = loadRubricFile('rubrics/governance.yaml').rubric;
    const checks = new Set(gov.criteria.map((c) => (c as RuleCriterion).rule.check));
    expect([...checks].sort()).toEqual(['action_sequence', 'max_response_gap', 'must_include', 'must_not_include', 'prohibited_language', 'sensitive_data']);
    const verification = gov.criteria.find((c) => c.id === 'verification_before_action') as RuleCriterion;
    const t = makeTranscript(
      [say('customer', 'I want my money back'), say('agent', "Sure, I'll go ahead and issue your refund."), say('agent', 'Thanks for verifying.')],
      { intent: 'refund_initiate' },
    );
    expect(evaluateRule(verification, t).value).toBe('fail');
  });
});
