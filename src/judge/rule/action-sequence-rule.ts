import type { ActionDefinition, RuleOf } from '../../rubric/rule-schema.js';
import type { Transcript } from '../../transcript/schema.js';
import type { Evidence } from '../../values/verdict.js';
import { MAX_RULE_EVIDENCE, notApplicable, type RuleResult } from './rule-result.js';
import { MatchContextCheck } from './match-context.js';
import { selectScope } from './scope.js';

type ActionSequenceRule = RuleOf<'action_sequence'>;

/** Where an action first happened: message index, offset in that message, and the matching text. */
export interface ActionOccurrence {
  action: string;
  message: number;
  offset: number;
  quote: string;
}

const compiled = new WeakMap<ActionDefinition, RegExp[]>();

function regexesOf(def: ActionDefinition): RegExp[] {
  let list = compiled.get(def);
  if (!list) {
    list = def.patterns.map((p) => new RegExp(p, def.flags.includes('g') ? def.flags : `${def.flags}g`));
    compiled.set(def, list);
  }
  return list;
}

/** The first occurrence of an action in the messages of its roles (default: the rule's scope roles). */
export function firstOccurrence(rule: ActionSequenceRule, action: string, transcript: Transcript): ActionOccurrence | undefined {
  const def = rule.actions[action]!;
  const scoped = selectScope(transcript.messages, { ...rule.scope, roles: def.roles ?? rule.scope.roles });
  for (const { index, message } of scoped) {
    let best: RegExpExecArray | undefined;
    const context = def.ignore.length > 0 ? new MatchContextCheck(message.text, def.ignore) : undefined;
    for (const re of regexesOf(def)) {
      re.lastIndex = 0;
      for (const m of message.text.matchAll(re)) {
        if (m[0] === '' || context?.excluded(m.index, m.index + m[0].length)) continue;
        if (!best || m.index < best.index) best = m;
        break;
      }
    }
    if (best) return { action, message: index, offset: best.index, quote: best[0] };
  }
  return undefined;
}

const before = (a: ActionOccurrence, b: ActionOccurrence) => a.message < b.message || (a.message === b.message && a.offset < b.offset);

/**
 * action_sequence: for the transcript's intent, every action must come after all the actions listed before
 * it. An action done without its prerequisite (or before it) fails the rule; missing later actions do not.
 */
export function checkActionSequence(rule: ActionSequenceRule, transcript: Transcript): RuleResult {
  const intent = transcript.intent;
  const sequence = intent === undefined ? undefined : rule.intents[intent];
  if (!sequence) {
    return notApplicable(intent === undefined ? 'the transcript has no intent' : `intent "${intent}" has no required action sequence`);
  }
  const seen = sequence.map((a) => firstOccurrence(rule, a, transcript));
  if (seen.every((o) => o === undefined)) return notApplicable(`none of the actions ${sequence.join(' → ')} occurred`);
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  sequence.forEach((action, j) => {
    const later = seen[j];
    if (!later) return;
    const missing = sequence.slice(0, j).filter((_, i) => !seen[i] || before(later, seen[i]!));
    if (missing.length === 0) return;
    const detail = missing.map((m) => {
      const o = seen[sequence.indexOf(m)];
      return o ? `${m} (message ${o.message})` : `${m} (never done)`;
    });
    problems.push(`${action} in message ${later.message} ("${later.quote}") came before ${detail.join(', ')}`);
    if (evidence.length < MAX_RULE_EVIDENCE) evidence.push({ message: later.message, quote: later.quote });
  });
  const order = sequence.join(' → ');
  if (problems.length === 0) {
    const done = seen.filter((o): o is ActionOccurrence => o !== undefined);
    return {
      value: 'pass',
      rationale: `intent ${intent} requires ${order}; done in order: ${done.map((o) => `${o.action} (message ${o.message})`).join(', ')}`,
      evidence: done.map((o) => ({ message: o.message, quote: o.quote })),
    };
  }
  return { value: 'fail', rationale: `intent ${intent} requires ${order}: ${problems.join('; ')}`, evidence };
}
