/**
 * Where a rule match sits in its message: negated, inside quotation marks, in a conditional clause or in a
 * question. Rules list the contexts whose matches do not count in `ignore:` (see the README's rule docs).
 * Every scan here is linear in the message length and bounded around the match.
 */

import type { MatchContext } from '../../rubric/rule-schema.js';

export type { MatchContext };

/** How far back (characters) a clause is searched for its start. */
const CLAUSE_LOOKBACK = 120;
/** A negation word counts only within this many words before the match. */
const NEGATION_WORDS_BEFORE = 6;

/** Characters that end a clause. */
const CLAUSE_END = /[.!?;:,\n()]/;
/** Words that start a new clause ("it's fine, but ...", "however"). */
const CLAUSE_WORDS = /\b(?:but|however|although|though|whereas|yet)\b/gi;
/** Characters that end a sentence (questions and conditions are judged per sentence). */
const SENTENCE_END = /[.!?\n]/;

/**
 * Negation words: English (not, never, no, n't, cannot, nothing, without, ...), Spanish (no, nunca, jamás),
 * French (ne, n', pas, jamais, aucun) and German (nicht, nie, kein...). "No," as an interjection is not one:
 * a comma ends the clause before the match.
 */
const NEGATOR =
  /(?:\b(?:not|never|no|none|nothing|nobody|neither|nor|cannot|without|unable|nunca|jamás|pas|jamais|aucun|aucune|ne|nicht|nie|kein|keine|keinen|keinem|keiner)\b|\b[a-z]+n['’]t\b|\bn['’])/i;

/** Idioms with a negation word that negate nothing: "don't hesitate to ask", "no problem", "not only". */
const NEGATION_IDIOMS = /\b(?:(?:do not|don['’]t|never) hesitate|no (?:problem|worries|rush|matter)|not only|not just)\b/gi;

/** Words that open a conditional or hypothetical clause. */
const CONDITIONAL = /\b(?:if|unless|once|provided|assuming|in case|as soon as|should you|si|wenn|falls)\b/i;

function clauseStart(text: string, start: number): number {
  const from = Math.max(0, start - CLAUSE_LOOKBACK);
  let i = start - 1;
  for (; i >= from; i--) if (CLAUSE_END.test(text[i]!)) break;
  const begin = i + 1;
  let last = begin;
  CLAUSE_WORDS.lastIndex = 0;
  for (const m of text.slice(begin, start).matchAll(CLAUSE_WORDS)) last = begin + m.index + m[0].length;
  return last;
}

function sentenceBounds(text: string, start: number, end: number): [number, number] {
  let a = start - 1;
  const fromA = Math.max(0, start - CLAUSE_LOOKBACK * 2);
  for (; a >= fromA; a--) if (SENTENCE_END.test(text[a]!)) break;
  let b = end;
  const toB = Math.min(text.length, end + CLAUSE_LOOKBACK * 2);
  for (; b < toB; b++) if (SENTENCE_END.test(text[b]!)) break;
  return [a + 1, b];
}

/** The last `n` words of a text. */
function lastWords(text: string, n: number): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  return words.slice(-n).join(' ');
}

/**
 * A negation word in the same clause shortly before the match, or inside the match itself ("calls are not
 * recorded"). `ownNegation`: the matched phrase is a term that carries its own negation ("not my problem"),
 * so only the words before it are read.
 */
export function isNegated(text: string, start: number, end: number, ownNegation = false): boolean {
  const before = lastWords(text.slice(clauseStart(text, start), start), NEGATION_WORDS_BEFORE).replace(NEGATION_IDIOMS, ' ');
  if (NEGATOR.test(before)) return true;
  return !ownNegation && NEGATOR.test(text.slice(start, end).replace(NEGATION_IDIOMS, ' '));
}

/** The sentence around the match opens a condition ("if it hasn't arrived, we'll refund"; "I'll refund once you're verified"). */
export function isConditional(text: string, start: number, end: number): boolean {
  const [a, b] = sentenceBounds(text, start, end);
  return CONDITIONAL.test(text.slice(a, b));
}

/** The sentence around the match ends with a question mark. */
export function isQuestion(text: string, start: number, end: number): boolean {
  const [, b] = sentenceBounds(text, start, end);
  return text[b] === '?';
}

const OPENERS: Record<string, string> = { '"': '"', '“': '”', '„': '“', '«': '»', '‘': '’', "'": "'" };
/** A quotation never spans more than this many characters (an unclosed quote mark quotes nothing). */
const MAX_QUOTE = 300;
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Spans of text inside quotation marks: "…", “…”, „…“, «…», ‘…’ and '…'. A single quote opens only after a
 * non-letter and closes only before one, so apostrophes (don't, customers') never open or close a quote.
 */
export function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const close = OPENERS[c];
    const single = c === "'" || c === '‘';
    if (close === undefined || (single && isWordChar(text[i - 1]))) {
      i++;
      continue;
    }
    const limit = Math.min(text.length, i + 1 + MAX_QUOTE);
    let j = i + 1;
    for (; j < limit; j++) {
      const d = text[j]!;
      if (d === '\n') break;
      const closes = d === close || (c === "'" && d === '’') || (c === '‘' && d === "'");
      if (closes && (!(single || d === '’') || !isWordChar(text[j + 1]))) break;
    }
    if (j < limit && text[j] !== '\n' && j > i + 1) {
      spans.push([i + 1, j]);
      i = j + 1;
    } else i++;
  }
  return spans;
}

/** Decides, per match, whether one of a rule's `ignore` contexts applies. Quote spans are computed once per message. */
export class MatchContextCheck {
  private spans: Array<[number, number]> | undefined;
  constructor(
    private readonly text: string,
    private readonly ignore: readonly MatchContext[],
  ) {}

  /** The first ignored context the match is in, or null when it counts. */
  excluded(start: number, end: number, ownNegation = false): MatchContext | null {
    for (const ctx of this.ignore) {
      if (ctx === 'negated' && isNegated(this.text, start, end, ownNegation)) return ctx;
      if (ctx === 'conditional' && isConditional(this.text, start, end)) return ctx;
      if (ctx === 'question' && isQuestion(this.text, start, end)) return ctx;
      if (ctx === 'quoted') {
        this.spans ??= quotedSpans(this.text);
        if (this.spans.some(([a, b]) => start >= a && end <= b)) return ctx;
      }
    }
    return null;
  }
}
