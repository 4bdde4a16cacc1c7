import type { RuleCriterion } from '../../rubric/schema.js';
import type { Transcript } from '../../transcript/schema.js';
import type { Verdict } from '../../values/verdict.js';
import { checkActionSequence } from './action-sequence-rule.js';
import { checkMustInclude, checkMustNotInclude } from './pattern-rules.js';
import { checkProhibitedLanguage } from './prohibited-language-rule.js';
import { checkResponseGap } from './response-gap-rule.js';
import { isNotApplicable, type RuleResult } from './rule-result.js';
import { checkSensitiveData } from './sensitive-data-rule.js';
import { describeScope, selectScope } from './scope.js';

export const RULE_JUDGE = 'rule';

/**
 * Checks one rule criterion deterministically. Message-scoped checks (`must_include`, `must_not_include`,
 * `sensitive_data`, `prohibited_language`) are N/A when the scope selects no message at all (e.g. a rule on
 * agent messages in a bot-only chat); `max_response_gap` and `action_sequence` say themselves when they do
 * not apply (no timestamps; intent not listed or no action done).
 */
export function evaluateRule(criterion: RuleCriterion, transcript: Transcript): Verdict {
  const rule = criterion.rule;
  const base = { criterion: criterion.id, judge: RULE_JUDGE, error: null };
  let result: RuleResult;
  if (rule.check === 'max_response_gap') result = checkResponseGap(rule, transcript);
  else if (rule.check === 'action_sequence') result = checkActionSequence(rule, transcript);
  else {
    const scoped = selectScope(transcript.messages, rule.scope);
    if (scoped.length === 0) {
      return {
        ...base,
        value: null,
        na: true,
        rationale: `not applicable: the conversation has no messages in scope (${describeScope(rule.scope)})`,
        evidence: [],
      };
    }
    switch (rule.check) {
      case 'must_include':
        result = checkMustInclude(rule, scoped);
        break;
      case 'must_not_include':
        result = checkMustNotInclude(rule, scoped);
        break;
      case 'sensitive_data':
        result = checkSensitiveData(rule, scoped, transcript);
        break;
      case 'prohibited_language':
        result = checkProhibitedLanguage(rule, scoped);
        break;
    }
  }
  if (isNotApplicable(result)) return { ...base, value: null, na: true, rationale: result.rationale, evidence: [] };
  return { ...base, na: false, ...result };
}
