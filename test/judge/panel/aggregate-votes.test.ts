import { describe, expect, it } from 'vitest';
import { aggregateVotes, median, PANEL_DISPUTED, type MemberAnswer } from '../../../src/judge/panel/aggregate-votes.js';
import type { Verdict } from '../../../src/values/verdict.js';
import { parseRubric } from '../../../src/rubric/load.js';
import type { JudgedCriterion } from '../../../src/rubric/schema.js';
import { TEST_RUBRIC_YAML } from '../../helpers/counting-judge.js';

const criteria = parseRubric(TEST_RUBRIC_YAML, 't.yaml').rubric.criteria as JudgedCriterion[];
const [tone, policy, resolution] = criteria as [JudgedCriterion, JudgedCriterion, JudgedCriterion];

type Answer = Verdict['value'] | 'N/A' | { error: string };

function answers(criterion: JudgedCriterion, values: Answer[]): MemberAnswer[] {
  return values.map((a, i) => {
    const judge = `m${i + 1}`;
    const base: Verdict = { criterion: criterion.id, value: null, na: false, rationale: '', evidence: [{ message: 0, quote: `q${i % 2}` }], judge, error: null };
    if (a === 'N/A') return { judge, verdict: { ...base, na: true } };
    if (a !== null && typeof a === 'object') return { judge, verdict: { ...base, error: { code: a.error, message: 'x' } } };
    return { judge, verdict: { ...base, value: a } };
  });
}

describe('panel aggregation', () => {
  it('binary and category take a strict majority (2 of 3)', () => {
    expect(aggregateVotes(policy, answers(policy, ['pass', 'fail', 'pass']), 'p')).toMatchObject({ value: 'pass', na: false, error: null, judge: 'p' });
    expect(aggregateVotes(resolution, answers(resolution, ['escalated', 'escalated', 'resolved']), 'p')).toMatchObject({ value: 'escalated', error: null });
  });

  it('no strict majority is disputed, whatever the member order (no tie-break by list order)', () => {
    for (const order of [['resolved', 'unresolved', 'escalated'], ['escalated', 'resolved', 'unresolved']]) {
      const v = aggregateVotes(resolution, answers(resolution, order), 'p');
      expect(v.value).toBeNull();
      expect(v.error?.code).toBe(PANEL_DISPUTED);
      expect(v.error?.message).toContain('m1=');
      expect(v.error?.message).toContain('m3=');
    }
    const tie = aggregateVotes(policy, answers(policy, ['pass', 'fail']), 'p');
    expect(tie.error?.code).toBe(PANEL_DISPUTED);
    expect(tie.error?.message).toContain('m1=pass; m2=fail');
  });

  it('a member that could not answer (parse failure) makes the verdict disputed, even if the others agree', () => {
    const v = aggregateVotes(policy, answers(policy, ['pass', 'pass', { error: 'JUDGE_SCHEMA_INVALID' }]), 'p');
    expect(v).toMatchObject({ value: null, na: false, error: { code: PANEL_DISPUTED } });
    expect(v.error?.message).toContain('m3=error JUDGE_SCHEMA_INVALID');
  });

  it('a budget refusal passes through as BUDGET_EXCEEDED so a later run retries it', () => {
    const v = aggregateVotes(policy, answers(policy, ['pass', { error: 'BUDGET_EXCEEDED' }]), 'p');
    expect(v.error?.code).toBe('BUDGET_EXCEEDED');
  });

  it('scales take the median; an even count takes the mean of the middle two rounded half up', () => {
    expect(aggregateVotes(tone, answers(tone, [5, 1, 4]), 'p')).toMatchObject({ value: 4, error: null });
    expect(aggregateVotes(tone, answers(tone, [3, 4]), 'p')).toMatchObject({ value: 4, error: null });
    expect(aggregateVotes(tone, answers(tone, [2, 4]), 'p')).toMatchObject({ value: 3 });
    expect(aggregateVotes(tone, answers(tone, [1, 2, 5, 5]), 'p')).toMatchObject({ value: 4 });
    expect(median([-2, -1])).toBe(-1);
    // One N/A among three: the median of the two values.
    expect(aggregateVotes(tone, answers(tone, [2, 'N/A', 5]), 'p')).toMatchObject({ value: 4, na: false, error: null });
  });

  it('N/A when a strict majority says N/A; a tie between N/A and an answer is disputed', () => {
    expect(aggregateVotes(tone, answers(tone, ['N/A', 'N/A', 3]), 'p')).toMatchObject({ value: null, na: true, error: null });
    expect(aggregateVotes(tone, answers(tone, ['N/A', 3]), 'p').error?.code).toBe(PANEL_DISPUTED);
    expect(aggregateVotes(policy, answers(policy, ['N/A', 'pass', 'fail']), 'p').error?.code).toBe(PANEL_DISPUTED);
  });

  it('evidence is the union of the members\' evidence without duplicates', () => {
    const v = aggregateVotes(policy, answers(policy, ['pass', 'pass', 'pass']), 'p');
    expect(v.evidence).toEqual([
      { message: 0, quote: 'q0' },
      { message: 0, quote: 'q1' },
    ]);
    expect(v.rationale).toContain('m1=pass');
  });
});
