/** The "steps" signal: what a bot or agent message gives the customer to act on, and what is only a vague pointer. */
import { ACTION, COMMITMENT, IMPERATIVE, IMPERATIVE_LEADS, IMPERATIVE_TO_LEADS, LINK, NAV_PATH, NUMBERED_ITEM, REFERENCE, TIMELINE, VAGUE_POINTER } from './patterns.js';
import { hit, scan } from './message-scan.js';
import type { StepHit } from './signal-types.js';
import { forEachMatch, matches, sentenceFrom } from './text.js';

/** Links to general help pages are pointers, not concrete steps. */
const HELP_LINK = /\/(?:help|faq|faqs|support|kb|knowledge|articles?|hc)\b/i;

/** Cheap pre-checks that skip the costlier step regexes on messages that cannot match them. */
const HAS_DIGIT = /\d/;
const HAS_NAV_ARROW = /[→>»]/;
const HAS_LINK_HINT = /\/|www\./i;

/** Concrete steps (and vague pointers) a bot or agent message offers: numbered lists, imperatives, navigation paths, links, timelines, references, actions and commitments. */
export function collectSteps(text: string, mask: number, index: number, steps: StepHit[]): void {
  const digits = HAS_DIGIT.test(text);
  // Numbered lists: need items 1 and 2.
  if (digits) collectNumbered(text, index, steps);
  let vagueUntil = -1;
  scan(IMPERATIVE, text, mask, (s) => {
    if (!isImperativePosition(text, s)) return;
    const quote = sentenceFrom(text, s);
    const vague = matches(VAGUE_POINTER, quote);
    if (vague) vagueUntil = s + quote.length;
    steps.push({ message: index, match: quote, quote, kind: vague ? 'vague' : 'imperative' });
  });
  scan(VAGUE_POINTER, text, mask, (s, e) => {
    if (e <= vagueUntil) return; // already recorded through its imperative verb
    steps.push({ ...hit(text, index, s, e), kind: 'vague' });
  });
  if (HAS_NAV_ARROW.test(text)) forEachMatch(NAV_PATH, text, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'imperative' }));
  if (HAS_LINK_HINT.test(text)) {
    forEachMatch(LINK, text, (s, e) => {
      let end = e;
      while (end > s && '.,;:!?'.includes(text[end - 1]!)) end--;
      const url = text.slice(s, end);
      steps.push({ message: index, match: url, quote: url, kind: HELP_LINK.test(url) ? 'vague' : 'link' });
    });
  }
  scan(TIMELINE, text, mask, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'timeline' }));
  if (digits) forEachMatch(REFERENCE, text, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'reference' }));
  scan(ACTION, text, mask, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'action' }));
  scan(COMMITMENT, text, mask, (s, e) => steps.push({ ...hit(text, index, s, e), kind: 'commitment' }));
}

function collectNumbered(text: string, index: number, steps: StepHit[]): void {
  NUMBERED_ITEM.lastIndex = 0;
  let m: RegExpExecArray | null;
  let firstItemAt = -1;
  let hasTwo = false;
  while ((m = NUMBERED_ITEM.exec(text)) !== null) {
    if (m[1] === '1' && firstItemAt < 0) firstItemAt = m.index + m[0].length - m[0].trimStart().length;
    else if (m[1] === '2' && firstItemAt >= 0) hasTwo = true;
  }
  if (firstItemAt >= 0 && hasTwo) {
    const quote = lineFrom(text, firstItemAt);
    steps.push({ message: index, match: quote, quote, kind: 'numbered' });
  }
}

/** From `start` to the end of the line, or to the next numbered item, at most 100 characters. */
function lineFrom(text: string, start: number): string {
  let e = start;
  const maxE = Math.min(text.length, start + 100);
  while (e < maxE && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) {
    if (e > start + 2 && /\s/.test(text[e - 1]!) && /[2-9]/.test(text[e]!) && /[.)]/.test(text[e + 1] ?? '')) break;
    e++;
  }
  return text.slice(start, e).trim();
}

function isImperativePosition(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  if (i < 0) return true;
  const c = text[i]!;
  if ('.!?:;\n\r,-•*>)('.includes(c)) return true;
  const word = wordBefore(text, i + 1);
  if (IMPERATIVE_LEADS.has(word.text)) return true;
  if (word.text !== 'to') return false;
  return IMPERATIVE_TO_LEADS.has(wordBefore(text, word.start).text);
}

/** The lower-cased word ending at or before `end` (skipping spaces), and where it starts. */
function wordBefore(text: string, end: number): { text: string; start: number } {
  let e = end;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  let s = e;
  while (s > 0 && /[A-Za-z]/.test(text[s - 1]!)) s--;
  return { text: text.slice(s, e).toLowerCase(), start: s };
}
