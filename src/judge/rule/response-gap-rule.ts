import type { RuleOf } from '../../rubric/rule-schema.js';
import type { Message, Transcript } from '../../transcript/schema.js';
import type { Evidence } from '../../values/verdict.js';
import type { RuleOutcome } from './pattern-rules.js';
import { firstWords, MAX_RULE_EVIDENCE, notApplicable, type RuleResult } from './rule-result.js';

/** One measured wait: from the first unanswered customer message to the reply. */
export interface ResponseGap {
  customer: number;
  reply: number;
  seconds: number;
}

/**
 * Every measurable wait in a conversation. A wait starts at the first customer message (with a timestamp)
 * that has no reply yet and ends at the next message from `replyRoles`; a reply without a timestamp ends
 * the wait unmeasured.
 */
export function responseGaps(messages: readonly Message[], replyRoles: ReadonlySet<string>): ResponseGap[] {
  const gaps: ResponseGap[] = [];
  let waiting: { index: number; at: number } | undefined;
  messages.forEach((m, index) => {
    if (m.role === 'customer') {
      if (!waiting && m.at) waiting = { index, at: Date.parse(m.at) };
      return;
    }
    if (!replyRoles.has(m.role) || !waiting) return;
    if (m.at) gaps.push({ customer: waiting.index, reply: index, seconds: (Date.parse(m.at) - waiting.at) / 1000 });
    waiting = undefined;
  });
  return gaps;
}

/** `450 s (7m 30s)`. */
export function describeSeconds(s: number): string {
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = whole % 60;
  return `${whole} s (${h ? `${h}h ` : ''}${m}m ${sec}s)`;
}

/** max_response_gap: the longest wait for a reply must not exceed `seconds`. N/A without timestamps or for other `channels`. */
export function checkResponseGap(rule: RuleOf<'max_response_gap'>, transcript: Transcript): RuleResult {
  if (rule.channels && !rule.channels.includes(transcript.channel)) {
    return notApplicable(`channel "${transcript.channel}" is not one of ${rule.channels.join(', ')}`);
  }
  const messages = transcript.messages;
  const roles = rule.scope.roles.filter((r) => r !== 'customer');
  const gaps = responseGaps(messages, new Set(roles));
  if (gaps.length === 0) {
    return notApplicable(`no customer message followed by a ${roles.join(' or ')} reply with timestamps on both`);
  }
  const longest = gaps.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const quote = (g: ResponseGap): Evidence => ({ message: g.reply, quote: firstWords(messages[g.reply]!.text) });
  const summary = `longest wait ${describeSeconds(longest.seconds)}, from customer message ${longest.customer} to reply ${longest.reply}`;
  const breaches = gaps.filter((g) => g.seconds > rule.seconds);
  if (breaches.length === 0) {
    return { value: 'pass', rationale: `${summary}, within the ${rule.seconds} s limit`, evidence: [quote(longest)] } satisfies RuleOutcome;
  }
  return {
    value: 'fail',
    rationale: `${summary} exceeds the ${rule.seconds} s limit${breaches.length > 1 ? ` (${breaches.length} replies over the limit)` : ''}`,
    evidence: breaches.slice(0, MAX_RULE_EVIDENCE).map(quote),
  };
}
