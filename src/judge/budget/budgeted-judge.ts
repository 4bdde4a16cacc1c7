import { callsOf, totalCalls } from '../calls.js';
import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import type { Budget } from './budget.js';

/** Stable error code of the verdicts of a call refused because the budget was reached. */
export const BUDGET_EXCEEDED = 'BUDGET_EXCEEDED';

/** Estimated cost in USD of a call before any call of this judge has been observed (the dry-run estimate). */
export type FirstCallEstimate = (request: JudgeRequest) => number | null;

/**
 * Refuses calls that would take spending over the budget. The per-call estimate is the running mean of the
 * costs observed for this judge, or `firstEstimate` until one has been observed. A refused call makes no
 * provider call and returns error verdicts with code `BUDGET_EXCEEDED` (so a later run retries them).
 * Place it inside the cache (hits cost nothing) and outside the costing decorator (it reads `cost_usd`).
 */
export class BudgetedJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  private observed = 0;
  private observedTotal = 0;

  constructor(
    private readonly inner: Judge,
    private readonly budget: Budget,
    private readonly firstEstimate: FirstCallEstimate,
  ) {
    this.name = inner.name;
    this.fingerprint = inner.fingerprint;
  }

  /** The estimate used for the next call. */
  estimate(request: JudgeRequest): number {
    if (this.observed > 0) return this.observedTotal / this.observed;
    return this.firstEstimate(request) ?? 0;
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const reservation = this.budget.tryReserve(this.estimate(request), request.transcript.id);
    if (!reservation) {
      const message = `not judged: the budget of $${this.budget.limitUsd} (--max-cost) was reached`;
      return {
        verdicts: request.criteria.map((c) => ({
          criterion: c.id,
          value: null,
          na: false,
          rationale: '',
          evidence: [],
          judge: this.name,
          error: { code: BUDGET_EXCEEDED, message },
        })),
        calls: [],
      };
    }
    let cost = 0;
    try {
      const response = await this.inner.judge(request);
      const calls = callsOf(response, this.name);
      const actual = totalCalls(calls).cost_usd;
      if (actual !== null) cost = actual;
      // Only answered calls say what a call costs (failed requests are free and would drag the estimate down).
      if (actual !== null && calls.some((c) => c.usage !== null)) {
        this.observed += 1;
        this.observedTotal += actual;
      }
      return response;
    } finally {
      this.budget.settle(reservation, cost);
    }
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
