import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { parseRubric, RubricError } from '../../../src/rubric/load.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';
import { ruleFromYaml } from './rule-helpers.js';

const rule = ruleFromYaml(`      check: prohibited_language
      lists: [profanity, blame]
      terms: ["not my department", "C++ guru"]
`);

describe('prohibited_language rule', () => {
  it('matches terms and built-in lists on word boundaries, case-insensitive, with flexible spaces', () => {
    const t = makeTranscript([
      say('customer', 'this is damn slow'),
      say('agent', 'Please CALM   DOWN. That is Not My Department.'),
      say('agent', 'What the hell happened?'),
    ]);
    const v = evaluateRule(rule, t);
    expect(v.value).toBe('fail');
    expect(v.evidence).toEqual([
      { message: 1, quote: 'CALM   DOWN' },
      { message: 1, quote: 'Not My Department' },
      { message: 2, quote: 'hell' },
    ]);
    expect(v.rationale).toContain('message 1 says "CALM   DOWN" (list blame)');
  });

  it('does not match inside longer words, and escapes regex characters in terms', () => {
    const t = makeTranscript([say('agent', 'Hello! Shell scripts and scrappy helpers are fine. Our C++ guru will call.')]);
    const v = evaluateRule(rule, t);
    expect(v.evidence).toEqual([{ message: 0, quote: 'C++ guru' }]);
    expect(evaluateRule(rule, makeTranscript([say('agent', 'Hello, happy to help with the shell.')])).value).toBe('pass');
  });

  it('needs terms or lists, and only known list names', () => {
    const bad = (r: string) => () => parseRubric(`id: r\nversion: 1\ntitle: R\ncriteria:\n  - id: c\n    title: C\n    kind: rule\n    rule:\n${r}`, 'r.yaml');
    expect(bad('      check: prohibited_language\n')).toThrow(RubricError);
    expect(bad('      check: prohibited_language\n      lists: [rude]\n')).toThrow(/lists\[0\]/);
  });
});
