import { TERM_LISTS } from '../../governance/lists/index.js';
import type { RuleOf } from '../../rubric/rule-schema.js';
import type { Evidence } from '../../values/verdict.js';
import { MatchContextCheck, type MatchContext } from './match-context.js';
import type { RuleOutcome } from './pattern-rules.js';
import { MAX_RULE_EVIDENCE } from './rule-result.js';
import { describeScope, type ScopedMessage } from './scope.js';

type ProhibitedLanguageRule = RuleOf<'prohibited_language'>;

/** One regex over terms of one origin (`terms` or a list), with the contexts in which its matches do not count. */
interface TermMatcher {
  re: RegExp;
  from: string;
  ignore: readonly MatchContext[];
}

const compiled = new WeakMap<ProhibitedLanguageRule, TermMatcher[]>();

/** A term as a regex: special characters escaped, any run of spaces matching any whitespace, ' matching ’. */
function termPattern(term: string): string {
  return term
    .trim()
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(/['’]/g, "['’]")
    .replace(/\s+/g, '\\s+');
}

/** Whole words only: a term never matches inside a longer word. Longer terms first, so "bloody hell" wins over "hell". */
function phraseRegex(terms: readonly string[]): RegExp {
  const sorted = [...new Set(terms.map((t) => t.trim()))].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.map(termPattern).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** The rule's matchers: its own `terms`, then each named list (phrases and patterns). */
export function compileTerms(rule: ProhibitedLanguageRule): TermMatcher[] {
  let c = compiled.get(rule);
  if (c) return c;
  c = [];
  if (rule.terms.length > 0) c.push({ re: phraseRegex(rule.terms), from: 'terms', ignore: rule.ignore });
  for (const name of rule.lists) {
    const list = TERM_LISTS[name];
    const ignore = list.negatable ? rule.ignore : rule.ignore.filter((x) => x !== 'negated');
    const from = `list ${name}`;
    if (list.phrases.length > 0) c.push({ re: phraseRegex(list.phrases), from, ignore });
    for (const p of list.patterns) c.push({ re: new RegExp(p, 'gi'), from, ignore });
  }
  compiled.set(rule, c);
  return c;
}

interface Hit {
  message: number;
  start: number;
  end: number;
  quote: string;
  from: string;
}

/** The terms found in one message, left to right; a match overlapping an earlier (or longer) one is dropped. */
function hitsIn(index: number, text: string, matchers: readonly TermMatcher[]): Hit[] {
  const found: Hit[] = [];
  const contexts = new Map<string, MatchContextCheck>();
  for (const { re, from, ignore } of matchers) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m[0] === '') continue;
      // Patterns may match a leading sentence boundary ("Whatever." after ". "): quote only the words.
      const quote = m[0].replace(/^[\s.!?,]+/, '');
      const start = m.index + (m[0].length - quote.length);
      const end = m.index + m[0].length;
      if (quote === '') continue;
      if (ignore.length > 0) {
        const key = ignore.join(',');
        let check = contexts.get(key);
        if (!check) contexts.set(key, (check = new MatchContextCheck(text, ignore)));
        // The term's own negation ("not my problem") does not negate it: only the words before it are read.
        if (check.excluded(start, end, true)) continue;
      }
      found.push({ message: index, start, end, quote, from });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const h of found) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept;
}

/** prohibited_language: no listed term or phrase in the scoped messages (except in the rule's `ignore` contexts). */
export function checkProhibitedLanguage(rule: ProhibitedLanguageRule, scoped: readonly ScopedMessage[]): RuleOutcome {
  const where = describeScope(rule.scope);
  const matchers = compileTerms(rule);
  const hits: Hit[] = [];
  for (const { index, message } of scoped) hits.push(...hitsIn(index, message.text, matchers));
  if (hits.length === 0) return { value: 'pass', rationale: `no prohibited language in ${where}`, evidence: [] };
  const evidence: Evidence[] = hits.slice(0, MAX_RULE_EVIDENCE).map((h) => ({ message: h.message, quote: h.quote }));
  const first = hits[0]!;
  return {
    value: 'fail',
    rationale: `prohibited language in ${where}: message ${first.message} says "${first.quote}" (${first.from})${hits.length > 1 ? ` (+${hits.length - 1} more)` : ''}`,
    evidence,
  };
}
