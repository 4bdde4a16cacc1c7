/**
 * Small text helpers for the offline judge: regex compilation, match iteration, verbatim quote extraction and
 * token similarity. Everything here returns substrings of the original text (never rewritten text), so a quote
 * taken with these helpers is always found verbatim in its message.
 */

/**
 * Compiles alternatives into one case-insensitive global regex. A straight apostrophe in a pattern also matches
 * the typographic one (’), so "didn't" matches "didn’t" (inside a character class too).
 */
export function rx(...alternatives: string[]): RegExp {
  return new RegExp(curlyApostrophes(alternatives.map((a) => `(?:${a})`).join('|')), 'gi');
}

function curlyApostrophes(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (c === "'") {
      out += inClass ? "'’" : "['’]";
    } else {
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}

/** Calls `fn(start, end)` for every non-empty match of a global regex in `text`. Resets `lastIndex` first. */
export function forEachMatch(re: RegExp, text: string, fn: (start: number, end: number) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const len = m[0].length;
    if (len === 0) {
      re.lastIndex++;
      continue;
    }
    fn(m.index, m.index + len);
  }
}

/** The first match of a global regex in `text`, as `[start, end]`, or null. */
export function firstMatch(re: RegExp, text: string): [number, number] | null {
  re.lastIndex = 0;
  const m = re.exec(text);
  if (m === null) return null;
  return [m.index, m.index + m[0].length];
}

/** Whether a global regex matches anywhere in `text`. */
export function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

const DOT = 46; // .
const BANG = 33; // !
const QMARK = 63; // ?
const NL = 10; // \n
const CR = 13; // \r

/**
 * Whether the character at `i` ends a sentence: `! ?` or a line break, or a `.` followed by whitespace or the end
 * of the text (so "£89.99", "e.g.x" and "support@example.com" do not split a sentence).
 */
function endsSentenceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === BANG || c === QMARK || c === NL || c === CR) return true;
  if (c !== DOT) return false;
  return i + 1 >= text.length || isSpace(text.charCodeAt(i + 1));
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === NL || code === CR || code === 160;
}

/** Trims whitespace off `[start, end)` and returns the substring. */
function trimmed(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  return text.slice(s, e);
}

/**
 * The sentence (or clause) around `[start, end)`: extends left and right to the nearest `. ! ?` or line break,
 * at most `reach` characters each way (cut at a space, never mid-word where avoidable). Verbatim substring.
 */
export function clauseAround(text: string, start: number, end: number, reach = 60): string {
  let s = start;
  const minS = Math.max(0, start - reach);
  while (s > minS && !endsSentenceAt(text, s - 1)) s--;
  if (s === minS && s > 0 && !endsSentenceAt(text, s - 1)) {
    // Hit the reach limit mid-sentence: start at the next word.
    let k = s;
    while (k < start && !isSpace(text.charCodeAt(k))) k++;
    s = k < start ? k + 1 : start;
  }
  let e = end;
  const maxE = Math.min(text.length, end + reach);
  while (e < maxE && !endsSentenceAt(text, e)) e++;
  if (e < text.length && endsSentenceAt(text, e)) {
    const c = text.charCodeAt(e);
    if (c === DOT || c === BANG || c === QMARK) e++;
  } else if (e === maxE && e < text.length) {
    let k = e;
    while (k > end && !isSpace(text.charCodeAt(k - 1))) k--;
    e = k > end ? k - 1 : end;
  }
  const q = trimmed(text, s, e);
  return q.length > 0 ? q : text.slice(start, end);
}

/** From `start` to the end of its sentence (inclusive of `. ! ?`), at most `max` characters. Verbatim substring. */
export function sentenceFrom(text: string, start: number, max = 90): string {
  let e = start;
  const maxE = Math.min(text.length, start + max);
  while (e < maxE && !endsSentenceAt(text, e)) e++;
  if (e < text.length) {
    const c = text.charCodeAt(e);
    if (endsSentenceAt(text, e) && (c === DOT || c === BANG || c === QMARK)) e++;
    else if (e === maxE) {
      let k = e;
      while (k > start + 1 && !isSpace(text.charCodeAt(k - 1))) k--;
      if (k > start + 1) e = k - 1;
    }
  }
  return trimmed(text, start, e);
}

/** The beginning of a message, at most `max` characters, cut at a word boundary. Verbatim substring. */
export function openingOf(text: string, max = 120): string {
  if (text.length <= max) return trimmed(text, 0, text.length);
  let e = max;
  while (e > 0 && !isSpace(text.charCodeAt(e))) e--;
  return trimmed(text, 0, e > 0 ? e : max);
}

/** The sentence that ends with the `?` at `qIndex`. Verbatim substring. */
export function questionEndingAt(text: string, qIndex: number, reach = 120): string {
  let s = qIndex;
  const minS = Math.max(0, qIndex - reach);
  while (s > minS && !endsSentenceAt(text, s - 1)) s--;
  return trimmed(text, s, qIndex + 1);
}

/**
 * Whether the `window` characters before `start` (within the same sentence) contain a negation or a condition
 * ("not", "n't", "never", "no" but not "no problem", "cannot", "unable to", "if", "unless", "whether").
 * Used to skip "I can't promise a refund" and "if it hasn't arrived, we'll refund".
 */
export const NEGATION_BEFORE = rx(
  "\\b(?:not|never|cannot|unable to|if|unless|whether|no longer|no way)\\b",
  "\\bno\\b(?!\\s+(?:problem|worries|trouble|bother)\\b)",
  "n't\\b",
);
export function negatedBefore(text: string, start: number, window = 25, negation: RegExp = NEGATION_BEFORE): boolean {
  let s = start;
  const minS = Math.max(0, start - window);
  while (s > minS && !endsSentenceAt(text, s - 1)) s--;
  if (s === start) return false;
  negation.lastIndex = 0;
  return negation.test(text.slice(s, start));
}

/** Whether the sentence containing position `end` ends with a question mark. */
export function inQuestion(text: string, end: number): boolean {
  for (let i = end; i < text.length; i++) {
    if (text.charCodeAt(i) === QMARK) return true;
    if (endsSentenceAt(text, i)) return false;
  }
  return false;
}

/** Function words ignored when comparing messages, so "I want to cancel my order" ≠ "I want to track my order". */
const STOPWORDS = new Set(
  (
    'a an the i me my mine we us our you your yours it its it\'s is are was were be been being am to of in on for ' +
    'with and or but so that this these those at by from as do does did have has had can could would should will ' +
    'just please hi hello hey there what how why when where which who im i\'m ive i\'ve id i\'d ill i\'ll dont ' +
    'don\'t ok okay thanks thank thx yes yeah yep sure also again still now then get got any some all if about ' +
    'up out into'
  ).split(' '),
);

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
}

/**
 * Calls `fn` for every word of an already lower-cased text: runs of letters/digits (non-ASCII letters included),
 * keeping an apostrophe inside a word ("didn't"), with ’ normalised to '.
 */
export function forEachWord(lower: string, fn: (word: string) => void): void {
  const n = lower.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordCode(lower.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let curly = false;
    while (i < n) {
      const c = lower.charCodeAt(i);
      if (isWordCode(c)) i++;
      else if ((c === 39 || c === 8217) && i + 1 < n && isWordCode(lower.charCodeAt(i + 1))) {
        if (c === 8217) curly = true;
        i++;
      } else break;
    }
    fn(curly ? lower.slice(start, i).replace(/’/g, "'") : lower.slice(start, i));
  }
}

/** Whether a lower-cased word is a stopword (ignored for similarity). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Lower-cased word tokens minus stopwords, as a set (for Jaccard similarity). */
export function contentTokens(text: string): Set<string> {
  const out = new Set<string>();
  forEachWord(text.toLowerCase(), (w) => {
    if (!STOPWORDS.has(w)) out.add(w);
  });
  return out;
}

/** Number of word tokens (all words, stopwords included). */
export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const wordChar = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
    if (wordChar && !inWord) n++;
    inWord = wordChar;
  }
  return n;
}

/** Jaccard similarity |A∩B| / |A∪B| of two token sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const t of small) if (large.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

function isOneLine(text: string): boolean {
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NL || c === CR || c === 9) return false;
    const space = c === 32;
    if (space && prevSpace) return false;
    prevSpace = space;
  }
  return true;
}

/** Shortens text for a rationale (not for evidence: evidence quotes are never shortened this way). */
export function short(text: string, max = 70): string {
  if (text.length <= max && isOneLine(text)) return text;
  const head = text.length > max + 20 ? text.slice(0, max + 20) : text;
  const oneLine = head.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}
