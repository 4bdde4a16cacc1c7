import type { Judge, JudgeRequest, JudgeResponse } from '../../src/judge/judge.js';
import type { TokenUsage } from '../../src/values/judge-call.js';
import type { JudgedCriterion } from '../../src/rubric/schema.js';
import type { Verdict } from '../../src/values/verdict.js';

export interface CountingJudgeOptions {
  /** The verdict fields per criterion (default: best value). */
  answer?: (c: JudgedCriterion, req: JudgeRequest) => Partial<Verdict>;
  /** Usage reported per call (default none). */
  usage?: TokenUsage | ((req: JudgeRequest) => TokenUsage);
  /** A cost the judge reports itself (default: none, left to the costing decorator). */
  cost?: number;
  delayMs?: number;
}

/** A fake provider judge that counts its calls and the calls in flight. */
export class CountingJudge implements Judge {
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly fingerprint: string;

  constructor(
    readonly name: string,
    private readonly opts: CountingJudgeOptions = {},
  ) {
    this.fingerprint = `fp:${name}`;
  }

  async judge(req: JudgeRequest): Promise<JudgeResponse> {
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
      const usage = typeof this.opts.usage === 'function' ? this.opts.usage(req) : this.opts.usage;
      return {
        verdicts: req.criteria.map((c) => ({
          criterion: c.id,
          value: best(c),
          na: false,
          rationale: `${this.name} says so`,
          evidence: [],
          judge: this.name,
          error: null,
          ...this.opts.answer?.(c, req),
        })),
        ...(usage ? { usage } : {}),
        ...(this.opts.cost !== undefined ? { cost_usd: this.opts.cost } : {}),
      };
    } finally {
      this.inFlight -= 1;
    }
  }
}

function best(c: JudgedCriterion): string | number {
  switch (c.kind) {
    case 'scale':
      return c.max;
    case 'binary':
      return 'pass';
    case 'category':
      return c.labels[0]!.id;
  }
}

/** A small rubric with one criterion of each judged kind and one rule. */
export const TEST_RUBRIC_YAML = `id: t
version: 1
title: T
criteria:
  - id: tone
    title: Tone
    kind: scale
    min: 1
    max: 5
    anchors: { 1: a, 2: b, 3: c, 4: d, 5: e }
    na: { allowed: true }
  - id: policy
    title: Policy
    kind: binary
  - id: resolution
    title: Resolution
    kind: category
    labels: [{ id: resolved, score: 1 }, { id: unresolved, score: 0 }, { id: escalated, score: 0.5 }]
`;
