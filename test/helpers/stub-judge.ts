import type { Judge, JudgeRequest, JudgeResponse } from '../../src/judge/judge.js';
import type { JudgedCriterion } from '../../src/rubric/schema.js';
import type { Verdict } from '../../src/values/verdict.js';

/** A judge that answers from a function and counts its calls. Stands in for real judges in run tests. */
export class StubJudge implements Judge {
  calls = 0;
  readonly fingerprint: string;

  constructor(
    readonly name = 'stub:v1',
    private readonly answer: (c: JudgedCriterion, req: JudgeRequest) => Partial<Verdict> = defaultAnswer,
  ) {
    this.fingerprint = name;
  }

  async judge(req: JudgeRequest): Promise<JudgeResponse> {
    this.calls += 1;
    return {
      verdicts: req.criteria.map((c) => ({
        criterion: c.id,
        value: null,
        na: false,
        rationale: 'stub',
        evidence: [],
        judge: this.name,
        error: null,
        ...this.answer(c, req),
      })),
    };
  }
}

function defaultAnswer(c: JudgedCriterion): Partial<Verdict> {
  switch (c.kind) {
    case 'scale':
      return { value: c.max };
    case 'binary':
      return { value: 'pass' };
    case 'category':
      return { value: c.labels[0]!.id };
  }
}
