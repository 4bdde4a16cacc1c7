import type { RuleSpec } from '../../rubric/rule-schema.js';
import type { Evidence } from '../../values/verdict.js';
import { MatchContextCheck, type MatchContext } from './match-context.js';
import type { ScopedMessage } from './scope.js';
import { describeScope } from './scope.js';

export interface RuleOutcome {
  value: 'pass' | 'fail';
  rationale: string;
  evidence: Evidence[];
}

type PatternRule = Extract<RuleSpec, { check: 'must_include' | 'must_not_include' }>;

const compiled = new WeakMap<PatternRule, RegExp[]>();

/** Regexes are compiled once per rule object, not per transcript. */
function regexesOf(rule: PatternRule): RegExp[] {
  let list = compiled.get(rule);
  if (!list) {
    list = rule.patterns.map((p) => new RegExp(p, rule.flags.includes('g') ? rule.flags : `${rule.flags}g`));
    compiled.set(rule, list);
  }
  return list;
}

/** Every match of one regex within the scoped messages, as evidence; matches in an `ignore`d context are skipped. */
function matchesOf(re: RegExp, scoped: readonly ScopedMessage[], limit: number, ignore: readonly MatchContext[]): Evidence[] {
  const out: Evidence[] = [];
  for (const { index, message } of scoped) {
    re.lastIndex = 0;
    const context = ignore.length > 0 ? new MatchContextCheck(message.text, ignore) : undefined;
    for (const m of message.text.matchAll(re)) {
      if (m[0] === '') continue;
      if (context?.excluded(m.index, m.index + m[0].length)) continue;
      out.push({ message: index, quote: m[0] });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

const MAX_EVIDENCE = 10;

/** must_include: every pattern must match at least once within the scope. */
export function checkMustInclude(rule: PatternRule, scoped: readonly ScopedMessage[]): RuleOutcome {
  const where = describeScope(rule.scope);
  const evidence: Evidence[] = [];
  const missing: string[] = [];
  regexesOf(rule).forEach((re, i) => {
    const first = matchesOf(re, scoped, 1, rule.ignore)[0];
    if (first) evidence.push(first);
    else missing.push(rule.patterns[i]!);
  });
  const all = 'match' in rule && rule.match === 'all';
  const passed = all ? missing.length === 0 : evidence.length > 0;
  if (passed) return { value: 'pass', rationale: `required text found within ${where}`, evidence };
  const what = all ? `no match for /${missing.join('/, /')}/` : `none of /${rule.patterns.join('/, /')}/ matched`;
  return { value: 'fail', rationale: `required text not found within ${where}: ${what}`, evidence };
}

/** must_not_include: no pattern may match anywhere within the scope. */
export function checkMustNotInclude(rule: PatternRule, scoped: readonly ScopedMessage[]): RuleOutcome {
  const where = describeScope(rule.scope);
  const evidence: Evidence[] = [];
  for (const re of regexesOf(rule)) {
    evidence.push(...matchesOf(re, scoped, MAX_EVIDENCE - evidence.length, rule.ignore));
    if (evidence.length >= MAX_EVIDENCE) break;
  }
  evidence.sort((a, b) => a.message - b.message);
  if (evidence.length === 0) return { value: 'pass', rationale: `no prohibited text in ${where}`, evidence };
  const first = evidence[0]!;
  return {
    value: 'fail',
    rationale: `prohibited text in ${where}: message ${first.message} contains "${first.quote}"${evidence.length > 1 ? ` (+${evidence.length - 1} more)` : ''}`,
    evidence,
  };
}
