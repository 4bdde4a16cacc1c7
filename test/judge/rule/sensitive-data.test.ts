import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/judge/rule/evaluate-rule.js';
import { makeTranscript, say } from '../../helpers/transcripts.js';
import { ruleFromYaml } from './rule-helpers.js';

const all = ruleFromYaml(`      check: sensitive_data
      policy: "Data Handling §4"
      severity: critical
`);
const cardsOnly = ruleFromYaml(`      check: sensitive_data
      types: [card]
`);

describe('sensitive_data rule', () => {
  it('fails on Luhn-valid cards in agent or bot messages, with masked quotes', () => {
    const t = makeTranscript([
      say('customer', 'my card is 4111 1111 1111 1111'),
      say('agent', 'I see 4111 1111 1111 1111 and 5500 0000 0000 0004 on file'),
      say('bot', 'Amex 378282246310005 too'),
    ]);
    const v = evaluateRule(all, t);
    expect(v.value).toBe('fail');
    expect(v.evidence).toEqual([
      { message: 1, quote: '4111 **** **** 1111' },
      { message: 1, quote: '5500 **** **** 0004' },
      { message: 2, quote: '3782*******0005' },
    ]);
    expect(v.rationale).toContain('payment card number in message 1 (4111 **** **** 1111) (+2 more)');
    expect(JSON.stringify(v)).not.toContain('4111 1111 1111 1111');
  });

  it('passes on a 16-digit order number that fails Luhn (the old regex rule flagged it)', () => {
    const t = makeTranscript([say('customer', 'where is my order?'), say('agent', 'Order 1234 5678 1234 5678 ships today.')]);
    expect(evaluateRule(cardsOnly, t)).toMatchObject({ value: 'pass', evidence: [] });
  });

  it('fails on valid IBANs, passes on a mistyped one', () => {
    const bad = makeTranscript([say('agent', 'Send it to GB82 WEST 1234 5698 7654 32 please.')]);
    expect(evaluateRule(all, bad)).toMatchObject({ value: 'fail', evidence: [{ message: 0, quote: 'GB** **** **** **** **54 32' }] });
    const de = makeTranscript([say('agent', 'IBAN DE89 3704 0044 0532 0130 00')]);
    expect(evaluateRule(all, de).evidence[0]!.quote).toBe('DE** **** **** **** **30 00');
    const typo = makeTranscript([say('agent', 'Send it to GB82 WEST 1234 5698 7654 33 please.')]);
    expect(evaluateRule(all, typo).value).toBe('pass');
  });

  it('fails on an SSN with context, passes on the same digits without it', () => {
    expect(evaluateRule(all, makeTranscript([say('agent', 'The SSN we have is 123-45-6789.')]))).toMatchObject({
      value: 'fail',
      evidence: [{ message: 0, quote: '***-**-6789' }],
    });
    expect(evaluateRule(all, makeTranscript([say('agent', 'Your case number is 123-45-6789.')])).value).toBe('pass');
  });

  it("allows the customer's own email and phone to be echoed back, from messages or metadata", () => {
    const t = makeTranscript(
      [
        say('customer', 'reach me at jane.doe@example.com or +1 555 123 4567'),
        say('agent', 'Confirming Jane.Doe@example.com and 555-123-4567. I also have jd@work.example on file.'),
        say('agent', 'And your other number, (555) 987-6543.'),
      ],
      { metadata: { customer_email: 'jd@work.example', customer_phone: '+1-555-987-6543' } },
    );
    expect(evaluateRule(all, t)).toMatchObject({ value: 'pass', evidence: [] });
  });

  it("fails on another person's email or phone", () => {
    const t = makeTranscript([
      say('customer', 'my email is jane.doe@example.com'),
      say('agent', 'The account holder is bob.smith@example.com, phone +44 20 7946 0958.'),
    ]);
    const v = evaluateRule(all, t);
    expect(v.value).toBe('fail');
    expect(v.evidence).toEqual([
      { message: 1, quote: 'b***@example.com' },
      { message: 1, quote: '+** ** ****' + ' 0958' },
    ]);
    expect(v.rationale).toContain("email address that is not the customer's in message 1");
  });

  it('ignores customer messages (out of scope) and is N/A without agent or bot messages', () => {
    expect(evaluateRule(all, makeTranscript([say('customer', 'card 4111111111111111'), say('bot', 'thanks')])).value).toBe('pass');
    expect(evaluateRule(all, makeTranscript([say('customer', 'card 4111111111111111')]))).toMatchObject({ na: true, value: null });
  });
});

describe('sensitive_data allowances', () => {
  it('lets role mailboxes, toll-free lines and the allow list through, but not a person', () => {
    const rule = ruleFromYaml(`      check: sensitive_data
      types: [email, phone]
      allow: ['@acme\\.example$']
`);
    const ok = makeTranscript([
      say('customer', 'hi'),
      say('bot', 'Email support@tallyhub.example or call 1-800-555-0142; your rep is ann@acme.example.'),
      say('bot', 'Your invoice INV-2026-10-4471 and trace HBT-7730412 are attached.'),
    ]);
    expect(evaluateRule(rule, ok)).toMatchObject({ value: 'pass', evidence: [] });
    const leak = makeTranscript([say('agent', 'It was placed by sandra.okoro@example.net by mistake.')]);
    expect(evaluateRule(rule, leak).evidence).toEqual([{ message: 0, quote: 's***@example.net' }]);
  });
});
