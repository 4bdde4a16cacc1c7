import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../../src/judge/rule/evaluate-rule.js';
import { loadRubricFile } from '../../../../src/rubric/load.js';
import type { RuleCriterion } from '../../../../src/rubric/schema.js';
import type { Message, Transcript } from '../../../../src/transcript/schema.js';
import { makeTranscript, say } from '../../../helpers/transcripts.js';

/** A rule criterion of a shipped rubric, exactly as `cxqa score` loads it. */
export function shippedRule(rubric: 'governance' | 'support-qa', id: string): RuleCriterion {
  const loaded = loadRubricFile(new URL(`../../../../rubrics/${rubric}.yaml`, import.meta.url).pathname);
  const c = loaded.rubric.criteria.find((x) => x.id === id);
  if (!c || c.kind !== 'rule') throw new Error(`no rule criterion ${id} in ${rubric}`);
  return c;
}

/**
 * One row of a table: an agent message (a string), or whole messages (e.g. a customer quoting the agent).
 * `note` says what the row is about, for the test name.
 */
export type Row = string | { messages: Array<Pick<Message, 'role' | 'text'> & Partial<Message>>; note?: string; over?: Partial<Transcript> };

/** The conversation of a row: a customer opening, then the agent's message (or the row's own messages). */
export function conversationOf(row: Row, over: Partial<Transcript> = {}): Transcript {
  if (typeof row === 'string') return makeTranscript([say('customer', 'Hi, I have a question about my order.'), say('agent', row)], over);
  return makeTranscript(row.messages, { ...over, ...row.over });
}

const label = (row: Row) => (typeof row === 'string' ? row : (row.note ?? row.messages.map((m) => `${m.role}: ${m.text}`).join(' | ')));

/**
 * A table-driven test: every `pass` row must pass the rule (or be N/A, when the criterion allows N/A), every
 * `fail` row must fail it. Tables hold at least 20 rows of each.
 */
export function ruleTable(name: string, rule: RuleCriterion, pass: readonly Row[], fail: readonly Row[], over: Partial<Transcript> = {}): void {
  describe(name, () => {
    it('has at least 20 phrasings that pass and 20 that fail', () => {
      expect(pass.length).toBeGreaterThanOrEqual(20);
      expect(fail.length).toBeGreaterThanOrEqual(20);
    });
    it.each(pass.map((r) => [label(r), r] as const))('passes: %s', (_, row) => {
      const v = evaluateRule(rule, conversationOf(row, over));
      expect(v.error).toBeNull();
      // A rule that allows N/A (no action happened, no timestamps) may answer N/A; it never fails a good conversation.
      const expected = rule.na.allowed && v.na ? null : 'pass';
      expect({ value: v.value, rationale: v.rationale }).toMatchObject({ value: expected });
    });
    it.each(fail.map((r) => [label(r), r] as const))('fails: %s', (_, row) => {
      const v = evaluateRule(rule, conversationOf(row, over));
      expect({ value: v.value, rationale: v.rationale }).toMatchObject({ value: 'fail' });
      // A failed rule always cites what it found (or, for must_include, says what was missing).
      if (rule.rule.check !== 'must_include') expect(v.evidence.length).toBeGreaterThan(0);
    });
  });
}
