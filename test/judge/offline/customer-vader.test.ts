import vader from 'vader-sentiment';
import { describe, expect, it } from 'vitest';
import { customerVader, vaderCompound, vaderTokens } from '../../../src/judge/offline/customer-vader.js';
import { extractSignals } from '../../../src/judge/offline/signals.js';
import { convo } from './helpers.js';

/** Phrases that exercise every VADER rule the fast path must reproduce. */
const PHRASES = [
  'not good at all',
  'this is not good',
  'good',
  'very good',
  'really great!!',
  'GREAT service, awful wait',
  'NOT GOOD AT ALL!!!',
  'the food was good but the service was horrible',
  'kind of good',
  'I am kind',
  'never so happy',
  'at least it works',
  'least helpful agent ever',
  'good!',
  '!!good',
  'good!!!!',
  '(good)',
  '"nice" work',
  "it's 'fine'",
  'no-good',
  '...really?? great :)',
  ':-) :) lol',
  'XD haha',
  'the bomb',
  'yeah right, cut the mustard',
  'No, play it on the bedroom speaker instead.',
  'a b c',
  '   ',
  '',
  'I can’t log in and it’s driving me crazy!',
];

describe('vaderCompound', () => {
  it('gives exactly the package’s polarity_scores compound, faster', () => {
    for (const p of PHRASES) {
      const expected = p.trim() ? vader.SentimentIntensityAnalyzer.polarity_scores(p).compound : 0;
      expect(vaderCompound(p), p).toBe(expected);
    }
  });

  it('reads negation and intensity, unlike a plain word count', () => {
    expect(vaderCompound('not good at all')).toBeLessThan(0);
    expect(vaderCompound('really great!!')).toBeGreaterThan(vaderCompound('good'));
    expect(vaderCompound('The weather in Mill Valley.')).toBe(0);
  });

  it('tokenizes like VADER: one punctuation group off either side of a word, nothing else', () => {
    expect(vaderTokens('good! !!good good!!!! a (good) x.y')).toEqual(['good', 'good', 'good!!!!', '(good)', 'x.y']);
  });
});

describe('customerVader', () => {
  it('masks courtesy words, lifts closing replies to 0 and forces sarcasm negative', () => {
    const t = convo(
      'c: Thank you for your help.',
      'b: Anything else?',
      'c: No, that is all.',
      'b: Sorry to hear that.',
      'c: great, thanks for nothing',
      'c: this is not good at all',
    );
    const v = customerVader(t, extractSignals(t));
    expect(vaderCompound('No, that is all.')).toBeLessThan(0);
    expect(v.scores[0]).toBe(0);
    expect(v.scores[1]).toBe(0);
    expect(v.scores[2]).toBeLessThanOrEqual(-0.5);
    expect(v.scores[3]).toBe(vaderCompound('this is not good at all'));
    expect(v.mean).toBeCloseTo(v.scores.reduce((a, b) => a + b, 0) / 4, 12);
  });

  it('has no mean without customer messages', () => {
    const t = convo('b: Hello, how can I help?');
    expect(customerVader(t, extractSignals(t))).toEqual({ scores: [], mean: null });
  });
});
