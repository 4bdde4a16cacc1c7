import { describe, expect, it } from 'vitest';
import { redactTranscript } from '../../src/governance/redact.js';
import { makeTranscript, say } from '../helpers/transcripts.js';

const PLANTED = [
  'jane.doe@example.com',
  'bob@corp.example',
  '4111 1111 1111 1111',
  'GB82 WEST 1234 5698 7654 32',
  '123-45-6789',
  '+1 (555) 123-4567',
  '192.168.10.7',
];

function transcript() {
  return makeTranscript(
    [
      say('customer', 'I am jane.doe@example.com, card 4111 1111 1111 1111, call +1 (555) 123-4567'),
      say('agent', 'Thanks Jane.Doe@example.com. Is bob@corp.example your partner? Your SSN 123-45-6789 is on file.'),
      say('customer', 'Refund to GB82 WEST 1234 5698 7654 32 please; I logged in from 192.168.10.7. Email jane.doe@example.com again.'),
      say('agent', 'Order 1234 5678 1234 5678 is not a card and stays.'),
    ],
    { metadata: { customer_email: 'jane.doe@example.com', tier: 'gold', visits: 3 } },
  );
}

describe('redactTranscript', () => {
  it('replaces every planted value and leaves nothing of them in the text', () => {
    const t = transcript();
    const r = redactTranscript(t, ['card', 'iban', 'ssn', 'email', 'phone', 'ip']);
    const text = JSON.stringify(r.transcript);
    for (const value of PLANTED) expect(text.toLowerCase()).not.toContain(value.toLowerCase());
    expect(text).not.toContain('4111');
    expect(text).not.toContain('6789');
    expect(r.transcript.messages[3]!.text).toBe('Order 1234 5678 1234 5678 is not a card and stays.');
    expect(r.counts).toEqual({ card: 1, iban: 1, ssn: 1, email: 5, phone: 1, ip: 1 });
    expect(t.messages[0]!.text).toContain('jane.doe@example.com'); // the input is not changed
  });

  it('uses consistent placeholders within a transcript', () => {
    const r = redactTranscript(transcript(), ['card', 'iban', 'ssn', 'email', 'phone', 'ip']);
    const [m0, m1, m2] = r.transcript.messages.map((m) => m.text);
    expect(m0).toBe('I am <EMAIL_1>, card <CARD_1>, call <PHONE_1>');
    expect(m1).toBe('Thanks <EMAIL_1>. Is <EMAIL_2> your partner? Your SSN <SSN_1> is on file.');
    expect(m2).toBe('Refund to <IBAN_1> please; I logged in from <IP_1>. Email <EMAIL_1> again.');
    expect(r.transcript.metadata).toEqual({ customer_email: '<EMAIL_1>', tier: 'gold', visits: 3 });
  });

  it('restore maps placeholders in a quote back to the original text (round trip)', () => {
    const t = transcript();
    const r = redactTranscript(t, ['card', 'iban', 'ssn', 'email', 'phone', 'ip']);
    r.transcript.messages.forEach((m, i) => expect(r.restore(m.text)).toBe(t.messages[i]!.text.replace('Jane.Doe@example.com', 'jane.doe@example.com')));
    expect(r.restore('agent mentioned <EMAIL_2> and <SSN_1>')).toBe('agent mentioned bob@corp.example and 123-45-6789');
    expect(r.restore('unknown <EMAIL_9> stays')).toBe('unknown <EMAIL_9> stays');
  });

  it('redacts only the requested types', () => {
    const r = redactTranscript(transcript(), ['email']);
    expect(r.transcript.messages[0]!.text).toBe('I am <EMAIL_1>, card 4111 1111 1111 1111, call +1 (555) 123-4567');
    expect(r.counts.card).toBe(0);
  });
});
