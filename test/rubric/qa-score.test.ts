import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/values/verdict.js';
import { parseRubric } from '../../src/rubric/load.js';
import { computeQaScore } from '../../src/rubric/qa-score.js';

const rubric = parseRubric(
  `id: r
version: 1
title: R
criteria:
  - { id: tone, title: Tone, kind: scale, min: 1, max: 5, weight: 2, anchors: { 1: a, 2: b, 3: c, 4: d, 5: e } }
  - { id: policy, title: Policy, kind: binary, critical: true, weight: 1 }
  - id: outcome
    title: Outcome
    kind: category
    weight: 1
    labels: [{ id: resolved, score: 1 }, { id: escalated, score: 0.5 }, { id: unknown }]
  - { id: steps, title: Steps, kind: binary, weight: 1, na: { allowed: true, score: exclude } }
  - { id: handoff, title: Handoff, kind: binary, weight: 1, na: { allowed: true, score: pass } }
  - { id: info, title: Info, kind: scale, min: 0, max: 10, weight: 0, anchors: { 0: a, 1: a, 2: a, 3: a, 4: a, 5: a, 6: a, 7: a, 8: a, 9: a, 10: a } }
`,
  'r.yaml',
).rubric;

function v(criterion: string, value: Verdict['value'], extra: Partial<Verdict> = {}): Verdict {
  return { criterion, value, na: false, rationale: '', evidence: [], judge: 'test', error: null, ...extra };
}

describe('computeQaScore', () => {
  it('is the weighted mean of normalised scores over the criteria that applied', () => {
    // tone 4 → 0.75 (w2), policy pass → 1 (w1), outcome escalated → 0.5 (w1), steps N/A excluded,
    // handoff N/A counted as pass → 1 (w1), info has weight 0.
    const score = computeQaScore(rubric, [
      v('tone', 4),
      v('policy', 'pass'),
      v('outcome', 'escalated'),
      v('steps', null, { na: true }),
      v('handoff', null, { na: true }),
      v('info', 0),
    ]);
    expect(score).toEqual({ score: 80, auto_fail: false, failed_critical: [] });
  });

  it('sets the score to 0 and marks auto_fail when a critical criterion fails', () => {
    const score = computeQaScore(rubric, [v('tone', 5), v('policy', 'fail'), v('outcome', 'resolved')]);
    expect(score).toEqual({ score: 0, auto_fail: true, failed_critical: ['policy'] });
  });

  it('leaves out errors and labels without a score, and is null when nothing applied', () => {
    const err = { code: 'X', message: 'boom' };
    expect(computeQaScore(rubric, [v('tone', null, { error: err }), v('outcome', 'unknown')]).score).toBeNull();
    expect(computeQaScore(rubric, [v('tone', 1), v('policy', null, { error: err })])).toEqual({ score: 0, auto_fail: false, failed_critical: [] });
  });

  it('changes with weights', () => {
    // tone 5 (w2) = 1, outcome escalated (w1) = 0.5 → (2 + 0.5) / 3
    expect(computeQaScore(rubric, [v('tone', 5), v('outcome', 'escalated')]).score).toBe(83.3);
  });
});
