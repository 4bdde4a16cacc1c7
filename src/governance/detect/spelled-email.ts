import type { DetectedSpan } from './span.js';

/**
 * Email addresses spelled out so a pattern for `x@y.z` misses them: `john dot doe at example dot com`,
 * `john(at)example(dot)com`, `john [at] example [dot] com`. A token scan (no backtracking): a local part
 * (words joined by `dot`/`.`), then `at`, then a domain of at least two labels joined by `dot`, ending in a
 * 2–24 letter top-level label. `normalized` is the address it stands for, `john.doe@example.com`.
 */
export function detectSpelledEmails(text: string): DetectedSpan[] {
  const tokens = tokenize(text);
  const out: DetectedSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isAt(tokens[i]!.word)) continue;
    // Local part: a label, then (dot label)* going backwards.
    let start = i - 1;
    if (start < 0 || !isLabel(tokens[start]!.word)) continue;
    const local = [tokens[start]!.word];
    while (start - 2 >= 0 && isDot(tokens[start - 1]!.word) && isLabel(tokens[start - 2]!.word)) {
      local.unshift(tokens[start - 2]!.word);
      start -= 2;
    }
    // Domain: label (dot label)+.
    let end = i + 1;
    if (end >= tokens.length || !isLabel(tokens[end]!.word)) continue;
    const domain = [tokens[end]!.word];
    while (end + 2 < tokens.length && isDot(tokens[end + 1]!.word) && isLabel(tokens[end + 2]!.word)) {
      domain.push(tokens[end + 2]!.word);
      end += 2;
    }
    if (domain.length < 2 || !/^[a-z]{2,24}$/i.test(domain[domain.length - 1]!)) continue;
    const between = tokens.slice(start, end + 1);
    if (!between.some((t) => bare(t.word) === 'at' || bare(t.word) === 'dot')) continue; // a real `x@y.z` is the plain detector's
    // A written `.` joins labels only when it touches both (`example.com`), not as sentence punctuation.
    const loose = between.some((t, k) => t.word === '.' && (between[k - 1]!.end !== t.start || between[k + 1]!.start !== t.end));
    if (loose) continue;
    // A lower-case "at" before a written domain is too often English ("the plan at brightwave.example"):
    // with no spelled-out "dot", only `AT`, `(at)` or `[at]` count.
    const atWord = tokens[i]!.word;
    if (atWord === 'at' && !between.some((t) => bare(t.word) === 'dot')) continue;
    const s = tokens[start]!.start;
    const e = tokens[end]!.end;
    const address = `${local.join('.')}@${domain.join('.')}`.toLowerCase();
    out.push({ type: 'email', start: s, end: e, match: text.slice(s, e), normalized: address });
    i = end;
  }
  return out;
}

interface Token {
  word: string;
  start: number;
  end: number;
}

/** Words, `@`, `.`, and bracketed `(at)` / `[dot]` as tokens; everything else separates them. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /[([{]\s*(?:at|dot)\s*[)\]}]|[A-Za-z0-9_%+-]+|[@.]/gi;
  for (const m of text.matchAll(re)) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

function bare(word: string): string {
  return word.replace(/[\s()[\]{}]/g, '').toLowerCase();
}

function isAt(word: string): boolean {
  const w = bare(word);
  return w === 'at' || w === '@';
}

function isDot(word: string): boolean {
  const w = bare(word);
  return w === 'dot' || w === '.';
}

function isLabel(word: string): boolean {
  return /^[A-Za-z0-9_%+-]+$/.test(word) && !isAt(word) && !isDot(word);
}
