/**
 * Scanning one message with the phrase lists: its words are looked up once in the trigger index (triggers.ts),
 * and a list is run only when the message has one of its trigger words. Hits keep the message index, the exact
 * match and the clause around it as the quote.
 */
import { RAW_TRIGGERS, TRIGGER_BIT, WORD_TRIGGERS } from './triggers.js';
import type { Hit } from './signal-types.js';
import { clauseAround, forEachMatch, forEachWord, isStopword } from './text.js';

/** Per message: which trigger-gated lists may match (see TRIGGERS), and the content words for similarity. */
export interface MessageWords {
  mask: number;
  tokens: Set<string>;
}

export function wordsOf(text: string): MessageWords {
  const tokens = new Set<string>();
  let mask = 0;
  forEachWord(text.toLowerCase(), (w) => {
    const bits = WORD_TRIGGERS.get(w);
    if (bits !== undefined) mask |= bits;
    if (!isStopword(w)) tokens.add(w);
  });
  for (const raw of RAW_TRIGGERS) if (text.includes(raw)) mask |= WORD_TRIGGERS.get(raw) ?? 0;
  return { mask, tokens };
}

/** `forEachMatch`, skipped when the message has none of the list's trigger words (see TRIGGERS). */
export function scan(re: RegExp, text: string, mask: number, fn: (start: number, end: number) => void): void {
  const bit = TRIGGER_BIT.get(re);
  if (bit !== undefined && (mask & bit) === 0) return;
  forEachMatch(re, text, fn);
}

/** A hit for the match at [start, end) of message `index`, quoting its clause. */
export function hit(text: string, index: number, start: number, end: number): Hit {
  return { message: index, match: text.slice(start, end), quote: clauseAround(text, start, end) };
}
