import type { BudgetLimiter, PeriodLimits, PeriodSpend } from '../judge/budget/period-budget.js';
import { summarizeQaScore, type RunSummary } from '../report/run-summary.js';
import type { Db } from '../store/open-database.js';
import { refusedByBudgetCounts } from '../store/run-summary-queries.js';

/** What `--max-cost` left out of a run: transcripts whose judged criteria were all refused by the budget. */
export interface BudgetReport {
  /** `--max-cost`, or null when only the config's period limits applied. */
  max_cost_usd: number | null;
  /** USD spent by this run's paid calls (what the budget counted). */
  spent_usd: number;
  /** Transcripts not sent to the judge because the budget was reached: neither scored nor failed. */
  not_scheduled: number;
  /** Present when `budget:` is set in cxqa.config.yaml: the limits and what was spent, this run included. */
  period?: {
    daily_usd: number | null;
    monthly_usd: number | null;
    spent_today_usd: number;
    spent_month_usd: number;
    /** Which limit bounded this run. */
    limited_by: BudgetLimiter;
  };
}

/** How a run's budget was set: `--max-cost`, the config's period limits and the spend stored before the run. */
export interface BudgetSetting {
  maxCostUsd: number | undefined;
  spentUsd: number;
  period?: { limits: PeriodLimits; before: PeriodSpend; limitedBy: BudgetLimiter };
}

const usd = (x: number) => Math.round(x * 1e6) / 1e6;

/** The `budget` block of a run that had a budget. */
export function budgetReport(setting: BudgetSetting, notScheduled: number): BudgetReport {
  const report: BudgetReport = { max_cost_usd: setting.maxCostUsd ?? null, spent_usd: usd(setting.spentUsd), not_scheduled: notScheduled };
  const p = setting.period;
  if (p) {
    report.period = {
      daily_usd: p.limits.daily_usd ?? null,
      monthly_usd: p.limits.monthly_usd ?? null,
      spent_today_usd: usd(p.before.today_usd + setting.spentUsd),
      spent_month_usd: usd(p.before.month_usd + setting.spentUsd),
      limited_by: p.limitedBy,
    };
  }
  return report;
}

/** A run summary with the transcripts `--max-cost` did not schedule counted apart (`transcripts.not_scheduled_budget`). */
export type BudgetedRunSummary = RunSummary & {
  transcripts: RunSummary['transcripts'] & { not_scheduled_budget: number };
  budget: BudgetReport;
};

/**
 * The summary of a `--max-cost` run with the transcripts the budget refused moved out of `scored` / `partial`
 * and `failed` into `transcripts.not_scheduled_budget` and out of the QA score, plus a `budget` block.
 */
export function withBudgetReport(db: Db, summary: RunSummary, budget: BudgetSetting): BudgetedRunSummary {
  const refused = refusedByBudgetCounts(db, summary.run_id);
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
    budget: budgetReport(budget, notScheduled),
  };
}

/** What was spent against the period limits, e.g. "spent today $0.0300 of $0.05 daily, this month $0.0300 of $10 monthly". */
export function periodSpendText(period: NonNullable<BudgetReport['period']>): string {
  const parts = [`spent today $${period.spent_today_usd.toFixed(4)}${period.daily_usd !== null ? ` of $${period.daily_usd} daily` : ''}`];
  parts.push(`this month $${period.spent_month_usd.toFixed(4)}${period.monthly_usd !== null ? ` of $${period.monthly_usd} monthly` : ''}`);
  return parts.join(', ');
}

/** The short form of the limit for the summary line: "--max-cost $0.5" or "daily budget $5". */
export function budgetLimitText(report: BudgetReport): string {
  const by = report.period?.limited_by ?? 'max_cost';
  if (by === 'max_cost') return `--max-cost $${report.max_cost_usd}`;
  return by === 'daily' ? `daily budget $${report.period!.daily_usd}` : `monthly budget $${report.period!.monthly_usd}`;
}

/** The line telling how to go on after the budget was reached. */
export function budgetContinueMessage(report: BudgetReport): string {
  const by = report.period?.limited_by ?? 'max_cost';
  const notScheduled = `${report.not_scheduled} transcripts not scheduled (budget)`;
  const reuse = '(results already stored are reused and cached judge answers are not paid again)';
  if (by === 'max_cost') {
    const spent = report.period ? ` (${periodSpendText(report.period)})` : '';
    return (
      `budget of $${report.max_cost_usd} reached after $${report.spent_usd.toFixed(4)}${spent}: ${notScheduled}; ` +
      `re-run the same command with a higher --max-cost to continue ${reuse}`
    );
  }
  const period = report.period!;
  const when = by === 'daily' ? 'the next UTC day' : 'the next UTC month';
  const key = by === 'daily' ? 'budget.daily_usd' : 'budget.monthly_usd';
  const limit = by === 'daily' ? period.daily_usd : period.monthly_usd;
  return (
    `${by} budget of $${limit} reached (${periodSpendText(period)}): ${notScheduled}; ` +
    `the same command continues in ${when}, or raise ${key} in cxqa.config.yaml ${reuse}`
  );
}
