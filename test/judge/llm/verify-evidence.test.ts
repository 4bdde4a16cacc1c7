import { describe, expect, it } from 'vitest';
import { hasUnverifiedEvidence, quoteOccursIn, verifyEvidence } from '../../../src/judge/llm/verify-evidence.js';
import { orderTranscript } from './llm-fixtures.js';

describe('quoteOccursIn', () => {
  const message = "I'm sorry -- we \"can't\" refund   that.\nIt will arrive Friday - promise.";
  it.each([
    ['exact', "I'm sorry"],
    ['whitespace runs and newlines', 'refund that. It will arrive'],
    ['curly apostrophes and quotes', 'I’m sorry -- we “can’t” refund'],
    ['dashes', 'Friday — promise.'],
    ['trailing ellipsis', 'It will arrive…'],
    ['trailing dots', 'It will arrive...'],
    ['leading ellipsis', '...arrive Friday'],
    ['inner ellipsis for omitted text', "I'm sorry … arrive Friday"],
    ['wrapped in quotation marks', '"It will arrive Friday"'],
    ['zero-width characters', 'It will\u200B arrive'],
  ])('matches despite %s', (_name, quote) => {
    expect(quoteOccursIn(quote, message)).toBe(true);
  });

  it.each([
    ['different case', "i'm sorry"],
    ['words that are not there', 'we will refund'],
    ['parts out of order', 'Friday … sorry'],
    ['an empty quote', ''],
    ['only an ellipsis', '…'],
  ])('rejects %s', (_name, quote) => {
    expect(quoteOccursIn(quote, message)).toBe(false);
  });
});

describe('verifyEvidence', () => {
  it('marks each quote verified or not against the cited message, keeping unverified ones', () => {
    const t = orderTranscript();
    const out = verifyEvidence(
      [
        { message: 0, quote: 'never arrived' },
        { message: 1, quote: 'never arrived' },
        { message: 7, quote: 'Thanks' },
        { message: -1, quote: 'Thanks' },
      ],
      t,
    );
    expect(out.map((e) => e.verified)).toEqual([true, false, false, false]);
    expect(hasUnverifiedEvidence({ evidence: out })).toBe(true);
    expect(hasUnverifiedEvidence({ evidence: out.slice(0, 1) })).toBe(false);
    expect(hasUnverifiedEvidence({ evidence: [{ message: 0, quote: 'x' }] })).toBe(false);
  });
});
