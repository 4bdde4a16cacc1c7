/**
 * VADER sentiment of the customer's messages (the `vader-sentiment` package, Hutto & Gilbert 2014: negation-,
 * intensity- and punctuation-aware, e.g. "not good at all" is negative and "really great!!" stronger than "good"),
 * for Auto-CSAT. Computed only when Auto-CSAT is asked for (it costs more than the AFINN scan in signals.ts).
 *
 * The *evaluative* score of a customer message is VADER's compound (−1..1) of the text with courtesy words
 * masked ("thank you for your help", "please": politeness, not satisfaction; COURTESY_PATTERN), then
 *  - at most −0.5 when the message is sarcastic or a negative confirmation (VADER reads "great, thanks for
 *    nothing" as positive), and
 *  - at least 0 when it is a closing reply (VADER reads "no, that is all" as negative).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vader from 'vader-sentiment';
import type { Transcript } from '../../transcript/schema.js';
import { COURTESY_PATTERN } from './patterns.js';
import type { ConversationSignals } from './signal-types.js';

/** Forced score of a sarcastic / negative-confirmation message (at most this). */
export const VADER_FORCED_NEGATIVE = -0.5;

/** The words and emoticons of VADER's lexicon (the package's own vader_lexicon.txt), lower case. */
const LEXICON: ReadonlySet<string> = new Set(
  readFileSync(createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t')[0]!)
    .filter((w) => w !== ''),
);

/** VADER's punctuation (its REGEX_REMOVE_PUNCTUATION) and the edge-punctuation groups it strips (PUNC_LIST). */
const PUNCT = String.raw`!"#$%&'()*+,\-./:;<=>?@[\\\]^_\x60{|}~`;
const HAS_PUNCT = new RegExp(`[${PUNCT}]`);
const LEADING = new RegExp(`^([${PUNCT}]+)([^${PUNCT}]+)$`);
const TRAILING = new RegExp(`^([^${PUNCT}]+)([${PUNCT}]+)$`);
const PUNC_LIST = new Set(['.', '!', '?', ',', ';', ':', '-', "'", '"', '!!', '!!!', '??', '???', '?!?', '!?!', '?!?!', '!?!?']);

/**
 * VADER's tokens of a text, as the package's SentiText computes them, without its cost (it builds a map of every
 * word with every punctuation group on either side, per call): whitespace-separated tokens of 2+ characters; a
 * token that is one PUNC_LIST group plus a punctuation-free word of 2+ characters (or the other way round) becomes
 * the word ("good!" → "good", "!!good" → "good", but "good!!!!" stays).
 */
export function vaderTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const token of text.split(/\s/)) {
    if (token.length < 2) continue;
    if (!HAS_PUNCT.test(token)) {
      tokens.push(token);
      continue;
    }
    const lead = LEADING.exec(token);
    const trail = lead ? null : TRAILING.exec(token);
    if (lead && PUNC_LIST.has(lead[1]!) && lead[2]!.length > 1) tokens.push(lead[2]!);
    else if (trail && PUNC_LIST.has(trail[2]!) && trail[1]!.length > 1) tokens.push(trail[1]!);
    else tokens.push(token);
  }
  return tokens;
}

const ALL_CAPS = /^[^a-z]*[A-Z]+[^a-z]*$/;
const analyzer = vader.SentimentIntensityAnalyzer;

/**
 * VADER compound score (−1..1) of a text: the package's own scoring rules (valence, boosters, negation, "but",
 * idioms, capitals, punctuation emphasis) over `vaderTokens`; the same value as `polarity_scores(text).compound`
 * (checked on 167,458 corpus messages; test/judge/offline/customer-vader.test.ts). 0 for text without a lexicon word.
 */
export function vaderCompound(text: string): number {
  const words = vaderTokens(text);
  const lower = words.map((w) => w.toLowerCase());
  // Only lexicon words and emoticons carry valence (boosters, negations, "but", idioms and punctuation only modify
  // it), so without one the score is exactly 0 and the rest is skipped.
  if (!lower.some((w) => LEXICON.has(w))) return 0;
  const caps = words.filter((w) => ALL_CAPS.test(w)).length;
  const sentiText = { text, words_and_emoticons: words, is_cap_diff: words.length - caps > 0 && words.length - caps < words.length };
  let sentiments: number[] = [];
  for (let i = 0; i < words.length; i++) {
    // "kind of" is a dampener, not kindness. (VADER's other boosters are not in its lexicon: they score 0 anyway.)
    if (i < words.length - 1 && lower[i] === 'kind' && lower[i + 1] === 'of') {
      sentiments.push(0);
      continue;
    }
    // The package pushes 0 for a word outside the lexicon without looking further.
    if (LEXICON.has(lower[i]!)) sentiments = analyzer.sentiment_valence(0, sentiText, words[i]!, i, sentiments);
    else sentiments.push(0);
  }
  sentiments = analyzer.but_check(words, sentiments);
  return analyzer.score_valence(sentiments, text).compound;
}

export interface CustomerVader {
  /** Evaluative score per customer message, in `signals.customerMessages` order. */
  scores: number[];
  /** Mean over all customer messages; null without customer messages. */
  mean: number | null;
}

/** The evaluative VADER scores of the customer's messages (see above). Never reads `transcript.survey`. */
export function customerVader(transcript: Transcript, s: ConversationSignals): CustomerVader {
  const negative = new Set([...s.sarcasm, ...s.negativeConfirmations].map((h) => h.message));
  const closingReply = new Set(s.closingReplies.map((h) => h.message));
  const scores = s.customerMessages.map((i) => {
    const v = vaderCompound(transcript.messages[i]!.text.replace(COURTESY_PATTERN, ' '));
    if (negative.has(i)) return Math.min(VADER_FORCED_NEGATIVE, -Math.abs(v));
    if (closingReply.has(i)) return Math.max(0, v);
    return v;
  });
  const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return { scores, mean: mean(scores) };
}
