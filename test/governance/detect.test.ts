import { describe, expect, it } from 'vitest';
import { detectCards, luhnValid } from '../../src/governance/detect/card.js';
import { detectEmails } from '../../src/governance/detect/email.js';
import { detectIbans, ibanChecksumValid } from '../../src/governance/detect/iban.js';
import { detectSensitive } from '../../src/governance/detect/index.js';
import { detectIps } from '../../src/governance/detect/ip.js';
import { maskSensitive, maskValue } from '../../src/governance/detect/mask.js';
import { detectPhones, samePhone } from '../../src/governance/detect/phone.js';
import { detectSsns } from '../../src/governance/detect/ssn.js';

const matches = (spans: { match: string }[]) => spans.map((s) => s.match);

describe('card detector (Luhn)', () => {
  it('finds Luhn-valid test cards written with spaces, dashes or nothing', () => {
    const text = 'cards: 4111111111111111, 5500 0000 0000 0004 and amex 3782-822463-10005.';
    expect(matches(detectCards(text))).toEqual(['4111111111111111', '5500 0000 0000 0004', '3782-822463-10005']);
    expect(detectCards(text)[1]!.normalized).toBe('5500000000000004');
  });

  it('ignores a 16-digit order number that fails Luhn, short numbers and repeated digits', () => {
    expect(luhnValid('1234567812345678')).toBe(false);
    expect(detectCards('your order 1234 5678 1234 5678 has shipped')).toEqual([]);
    expect(detectCards('ticket 123456789012')).toEqual([]);
    expect(detectCards('0000 0000 0000 0000')).toEqual([]);
  });

  it('does not take a card out of a longer run of digits', () => {
    expect(detectCards('ref 94111111111111111119999')).toEqual([]);
  });
});

describe('IBAN detector (mod-97)', () => {
  it('finds valid IBANs with and without spaces, and stops at the country length', () => {
    const text = 'pay to GB82 WEST 1234 5698 7654 32 or DE89370400440532013000 thanks';
    expect(matches(detectIbans(text))).toEqual(['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000']);
    expect(detectIbans('IBAN: DE89 3704 0044 0532 0130 00.')[0]!.normalized).toBe('DE89370400440532013000');
  });

  it('rejects a mistyped IBAN (checksum) and unknown or wrong-length ones', () => {
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(detectIbans('GB82 WEST 1234 5698 7654 33')).toEqual([]);
    expect(detectIbans('DE89 3704 0044 0532 0130 01')).toEqual([]);
    expect(detectIbans('GB82 WEST 1234 5698 7654')).toEqual([]);
    expect(detectIbans('ZZ82WEST12345698765432')).toEqual([]);
  });
});

describe('SSN detector', () => {
  it('needs a context word near a valid number', () => {
    expect(matches(detectSsns('Your SSN on file is 123-45-6789.'))).toEqual(['123-45-6789']);
    expect(matches(detectSsns('social security number: 123 45 6789'))).toEqual(['123 45 6789']);
    expect(detectSsns('Your reference is 123-45-6789.')).toEqual([]);
  });

  it('rejects invalid areas, groups and serials', () => {
    for (const bad of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000']) {
      expect(detectSsns(`SSN ${bad}`)).toEqual([]);
    }
  });
});

describe('email, phone and IP detectors', () => {
  it('finds email addresses', () => {
    expect(matches(detectEmails('write to Jane.Doe+x@Example.co.uk or ops@acme.com.'))).toEqual(['Jane.Doe+x@Example.co.uk', 'ops@acme.com']);
    expect(detectEmails('Jane.Doe@Example.com')[0]!.normalized).toBe('jane.doe@example.com');
  });

  it('finds formatted phone numbers, bare ones only with a phone word, never dates', () => {
    expect(matches(detectPhones('call +1 (555) 123-4567 or +44 20 7946 0958'))).toEqual(['+1 (555) 123-4567', '+44 20 7946 0958']);
    expect(matches(detectPhones('my mobile is 5551234567'))).toEqual(['5551234567']);
    expect(detectPhones('order 5551234567 shipped')).toEqual([]);
    expect(detectPhones('delivered on 2026-11-02')).toEqual([]);
    expect(samePhone('15551234567', '5551234567')).toBe(true);
    expect(samePhone('5551234567', '5559999999')).toBe(false);
  });

  it('finds IPv4 and IPv6 addresses, not versions or times', () => {
    expect(matches(detectIps('from 192.168.10.7 and 2001:db8::8a2e:370:7334'))).toEqual(['192.168.10.7', '2001:db8::8a2e:370:7334']);
    expect(detectIps('version 1.2.3 at 10:30')).toEqual([]);
    expect(detectIps('999.1.1.1')).toEqual([]);
  });

  it('resolves overlaps: a card is never also a phone, even when only phones are asked for', () => {
    const text = 'card 378282246310005 please call me';
    expect(detectSensitive(text).map((s) => s.type)).toEqual(['card']);
    expect(detectSensitive(text, ['phone'])).toEqual([]);
  });
});

describe('masking', () => {
  it('masks each type, keeping only what identifies it to a human', () => {
    expect(maskValue('card', '4111 1111 1111 1111')).toBe('4111 **** **** 1111');
    expect(maskValue('card', '378282246310005')).toBe('3782*******0005');
    expect(maskValue('iban', 'GB82 WEST 1234 5698 7654 32')).toBe('GB** **** **** **** **54 32');
    expect(maskValue('ssn', '123-45-6789')).toBe('***-**-6789');
    expect(maskValue('email', 'jane.doe@example.com')).toBe('j***@example.com');
    expect(maskValue('phone', '+1 (555) 123-4567')).toBe('+* (***) ***-4567');
    expect(maskValue('phone', '555-1234')).toBe('***-**34');
    expect(maskValue('ip', '192.168.10.7')).toBe('192.*.*.7');
  });

  it('masks every sensitive value inside a free text', () => {
    expect(maskSensitive('card 4111111111111111, mail bob@corp.com, SSN 123-45-6789')).toBe('card 4111********1111, mail b***@corp.com, SSN ***-**-6789');
  });
});

describe('phone false positives', () => {
  it('does not take references, SSN shapes or IBAN tails for phone numbers', () => {
    expect(detectPhones('Your order number: 555 123 4567')).toEqual([]);
    expect(detectPhones('case number 123-45-6789')).toEqual([]);
    expect(detectPhones('NL91 ABNA 0417 1643 01 (mistyped)')).toEqual([]);
    expect(detectPhones('ref 1234 5678 9012 3456')).toEqual([]);
    expect(matches(detectPhones('call me on 020 7946 0958'))).toEqual(['020 7946 0958']);
  });
});
