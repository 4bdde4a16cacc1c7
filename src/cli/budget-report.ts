import { BUDGET_EXCEEDED } from '../judge/budget/budgeted-judge.js';
import { REFUSED_BY_BUDGET_SQL } from '../report/refused-by-budget.js';
import { summarizeQaScore, type RunSummary } from '../report/run-summary.js';
import type { Db } from '../store/open-database.js';

/** What `--max-cost` left out of a run: transcripts whose judged criteria were all refused by the budget. */
export interface BudgetReport {
  max_cost_usd: number;
  /** USD spent by this run's paid calls (what the budget counted). */
  spent_usd: number;
  /** Transcripts not sent to the judge because the budget was reached: neither scored nor failed. */
  not_scheduled: number;
}

/** A run summary with the transcripts `--max-cost` did not schedule counted apart (`transcripts.not_scheduled_budget`). */
export type BudgetedRunSummary = RunSummary & {
  transcripts: RunSummary['transcripts'] & { not_scheduled_budget: number };
  budget: BudgetReport;
};

/**
 * Counts the transcripts of a run that the budget refused outright (every judged criterion `BUDGET_EXCEEDED`;
 * rule criteria are still evaluated locally) by the status their stored evaluation got: `failed` (no rule
 * criterion) or `partial`. A transcript with at least one real judged verdict is not counted: it was judged in part.
 */
function refusedByStatus(db: Db, runId: string): { failed: number; partial: number } {
  const rows = db
    .prepare(
      `SELECT e.status AS status, COUNT(*) AS n
       FROM run_items ri JOIN evaluations e ON e.id = ri.evaluation_id
       WHERE ri.run_id = @run AND ri.status != 'reused'
         AND ${REFUSED_BY_BUDGET_SQL}
       GROUP BY e.status`,
    )
    .all({ run: runId, budget: BUDGET_EXCEEDED }) as { status: string; n: number }[];
  const out = { failed: 0, partial: 0 };
  for (const r of rows) if (r.status === 'failed' || r.status === 'partial') out[r.status] += r.n;
  return out;
}

/**
 * The summary of a `--max-cost` run with the transcripts the budget refused moved out of `scored` / `partial`
 * and `failed` into `transcripts.not_scheduled_budget` and out of the QA score, plus a `budget` block.
 */
export function withBudgetReport(db: Db, summary: RunSummary, budget: { maxCostUsd: number; spentUsd: number }): BudgetedRunSummary {
  const refused = refusedByStatus(db, summary.run_id);
  const t = summary.transcripts;
  const notScheduled = refused.failed + refused.partial;
  return {
    ...summary,
    qa_score: summarizeQaScore(db, summary.run_id, { excludeRefusedByBudget: true }),
    transcripts: {
      ...t,
      scored: t.scored - refused.partial,
      partial: t.partial - refused.partial,
      failed: t.failed - refused.failed,
      not_scheduled_budget: notScheduled,
    },
    budget: { max_cost_usd: budget.maxCostUsd, spent_usd: Math.round(budget.spentUsd * 1e6) / 1e6, not_scheduled: notScheduled },
  };
}

/** The line telling how to go on after the budget was reached. */
export function budgetContinueMessage(report: BudgetReport): string {
  return (
    `budget of $${report.max_cost_usd} reached after $${report.spent_usd.toFixed(4)}: ${report.not_scheduled} transcripts not scheduled (budget); ` +
    `re-run the same command with a higher --max-cost to continue (results already stored are reused and cached judge answers are not paid again)`
  );
}
