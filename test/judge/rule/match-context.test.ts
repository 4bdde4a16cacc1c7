import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { isConditional, isNegated, isQuestion, quotedSpans } from '../../../src/judge/rule/match-context.js';
import { parseRubric, RubricError } from '../../../src/rubric/load.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';
import { ruleFromYaml } from './rule-helpers.js';

const at = (text: string, phrase: string): [string, number, number] => {
  const i = text.indexOf(phrase);
  if (i < 0) throw new Error(`${phrase} not in ${text}`);
  return [text, i, i + phrase.length];
};

describe('match contexts', () => {
  it('negated: a negation word shortly before the match in the same clause, or inside it', () => {
    expect(isNegated(...at('It is not your fault at all.', 'your fault'))).toBe(true);
    expect(isNegated(...at("I don't think that's your fault.", 'your fault'))).toBe(true);
    expect(isNegated(...at('Calls are never recorded.', 'Calls are never recorded'))).toBe(true);
    expect(isNegated(...at("It's your fault, not mine.", 'your fault'))).toBe(false);
    expect(isNegated(...at('No, it is your fault.', 'your fault'))).toBe(false);
    expect(isNegated(...at("I'm not sure, but it's your fault.", 'your fault'))).toBe(false);
    expect(isNegated(...at("Don't hesitate to ask if there's anything else.", 'anything else'))).toBe(false);
    // A term's own negation does not negate it.
    expect(isNegated(...at("That's not my problem.", 'not my problem'), true)).toBe(false);
    // Too far back: more than six words before.
    expect(isNegated(...at('Not that it matters much to anyone here today, your fault.', 'your fault'))).toBe(false);
  });

  it('conditional and question are judged per sentence', () => {
    expect(isConditional(...at("If it hasn't arrived, we'll refund you. Thanks!", "we'll refund"))).toBe(true);
    expect(isConditional(...at("We'll refund you once it is back.", "We'll refund"))).toBe(true);
    expect(isConditional(...at("Thanks. We'll refund you. If you need help, ask.", "We'll refund"))).toBe(false);
    expect(isQuestion(...at('Have you verified your account? Great.', 'verified your account'))).toBe(true);
    expect(isQuestion(...at('Your account is verified. Anything else?', 'account is verified'))).toBe(false);
  });

  it('quoted: double, curly and single quotation marks; apostrophes never open or close a quote', () => {
    const text = `He said "calm down", then ‘not my job’ and 'deal with it'. Don't, it's the customers' call.`;
    expect(quotedSpans(text).map(([a, b]) => text.slice(a, b))).toEqual(['calm down', 'not my job', 'deal with it']);
    expect(quotedSpans('an "unclosed quote never ends')).toEqual([]);
    expect(quotedSpans('«appel enregistré» et „Gespräch“').length).toBe(2);
  });
});

describe('ignore: on rules', () => {
  it('must_include does not count a negated or quoted match; without ignore it does', () => {
    const yaml = (ignore: string) => `      check: must_include\n      patterns: ['calls? (is|are) recorded']\n${ignore}`;
    const withIgnore = ruleFromYaml(yaml('      ignore: [negated, quoted]\n'));
    const plain = ruleFromYaml(yaml(''));
    const negated = makeTranscript([say('agent', 'No calls are recorded here.')]);
    const quoted = makeTranscript([say('agent', 'You asked if "this call is recorded".')]);
    expect(evaluateRule(withIgnore, negated).value).toBe('fail');
    expect(evaluateRule(withIgnore, quoted).value).toBe('fail');
    expect(evaluateRule(plain, negated).value).toBe('pass');
    // A later, plain match still counts.
    const later = makeTranscript([say('agent', 'No, not like that. This call is recorded.')]);
    expect(evaluateRule(withIgnore, later)).toMatchObject({ value: 'pass', evidence: [{ message: 0, quote: 'call is recorded' }] });
  });

  it('prohibited_language: negation skips blame but never profanity', () => {
    const r = ruleFromYaml('      check: prohibited_language\n      lists: [blame, profanity]\n      ignore: [negated]\n');
    expect(evaluateRule(r, makeTranscript([say('agent', 'It is not your fault at all.')])).value).toBe('pass');
    expect(evaluateRule(r, makeTranscript([say('agent', 'Not a damn thing.')])).value).toBe('fail');
    const plain = ruleFromYaml('      check: prohibited_language\n      lists: [blame]\n');
    expect(evaluateRule(plain, makeTranscript([say('agent', 'It is not your fault at all.')])).value).toBe('fail');
  });

  it('rejects an unknown context with file, line and field', () => {
    const bad = () =>
      parseRubric('id: r\nversion: 1\ntitle: R\ncriteria:\n  - id: c\n    title: C\n    kind: rule\n    rule:\n      check: must_include\n      patterns: [x]\n      ignore: [negative]\n', 'r.yaml');
    expect(bad).toThrow(RubricError);
    expect(bad).toThrow(/r\.yaml:11.*ignore\[0\]/);
  });
});
