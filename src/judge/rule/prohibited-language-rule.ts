import { TERM_LISTS } from '../../governance/lists/index.js';
import type { RuleOf } from '../../rubric/rule-schema.js';
import type { Evidence } from '../verdict.js';
import type { RuleOutcome } from './pattern-rules.js';
import { MAX_RULE_EVIDENCE } from './rule-result.js';
import { describeScope, type ScopedMessage } from './scope.js';

type ProhibitedLanguageRule = RuleOf<'prohibited_language'>;

interface CompiledTerms {
  re: RegExp;
  /** Lower-case term → where it came from (`terms` or a list name). */
  source: Map<string, string>;
}

const compiled = new WeakMap<ProhibitedLanguageRule, CompiledTerms>();

/** A term as a regex: special characters escaped, any run of spaces matching any whitespace, ' matching ’. */
function termPattern(term: string): string {
  return term
    .trim()
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(/['’]/g, "['’]")
    .replace(/\s+/g, '\\s+');
}

/** One regex for all of a rule's terms, whole words only (a term never matches inside a longer word). */
export function compileTerms(rule: ProhibitedLanguageRule): CompiledTerms {
  let c = compiled.get(rule);
  if (c) return c;
  const source = new Map<string, string>();
  for (const t of rule.terms) source.set(t.toLowerCase(), 'terms');
  for (const name of rule.lists) for (const t of TERM_LISTS[name]) if (!source.has(t.toLowerCase())) source.set(t.toLowerCase(), `list ${name}`);
  const terms = [...source.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.map(termPattern).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  c = { re, source };
  compiled.set(rule, c);
  return c;
}

/** prohibited_language: no listed term or phrase in the scoped messages. */
export function checkProhibitedLanguage(rule: ProhibitedLanguageRule, scoped: readonly ScopedMessage[]): RuleOutcome {
  const where = describeScope(rule.scope);
  const { re, source } = compileTerms(rule);
  const hits: { message: number; quote: string; from: string }[] = [];
  for (const { index, message } of scoped) {
    re.lastIndex = 0;
    for (const m of message.text.matchAll(re)) {
      const key = m[0].toLowerCase().replace(/\s+/g, ' ').replace(/’/g, "'");
      hits.push({ message: index, quote: m[0], from: source.get(key) ?? 'terms' });
    }
  }
  if (hits.length === 0) return { value: 'pass', rationale: `no prohibited language in ${where}`, evidence: [] };
  const evidence: Evidence[] = hits.slice(0, MAX_RULE_EVIDENCE).map((h) => ({ message: h.message, quote: h.quote }));
  const first = hits[0]!;
  return {
    value: 'fail',
    rationale: `prohibited language in ${where}: message ${first.message} says "${first.quote}" (${first.from})${hits.length > 1 ? ` (+${hits.length - 1} more)` : ''}`,
    evidence,
  };
}
