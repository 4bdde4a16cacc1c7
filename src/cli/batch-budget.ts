import { Budget } from '../judge/budget/budget.js';
import { periodStarts, runAllowance, type BudgetLimiter, type PeriodLimits, type RunAllowance } from '../judge/budget/period-budget.js';
import { BatchRepository } from '../store/batch-repository.js';
import type { Db } from '../store/open-database.js';
import { spentSince } from '../store/spend-queries.js';
import { periodSpendText } from './budget-report.js';

/** The `budget` block of a `score --mode batch` run that had a budget (`--max-cost` or `budget:` in the config). */
export interface BatchBudgetReport {
  /** `--max-cost`, or null when only the config's period limits applied. */
  max_cost_usd: number | null;
  /** Which limit bounded this run. */
  limited_by: BudgetLimiter;
  /** What the run could reserve when it started (USD). */
  allowance_usd: number;
  /** Estimated cost of what this run submitted (reserved until its batches are collected). */
  reserved_usd: number;
  /** Transcripts not submitted because they would have exceeded the allowance: nothing stored, a later run submits them. */
  left_for_budget: number;
  /** Present when `budget:` is set in cxqa.config.yaml. */
  period?: {
    daily_usd: number | null;
    monthly_usd: number | null;
    /** Real cost of the paid calls stored (`judge_calls`) this UTC day and month, at the time of the report. */
    spent_today_usd: number;
    spent_month_usd: number;
    /** Estimated cost of every batch not collected yet (this run's included): counted as spent by the next run. */
    pending_usd: number;
    limited_by: BudgetLimiter;
  };
}

/** The budget of a batch submission: what it may reserve, and how to report what it did. */
export interface BatchBudget {
  budget: Budget;
  allowance: RunAllowance;
  /** The `budget` block, with the period spend read from the database now (after collection, with `--wait`). */
  report(leftForBudget: number): BatchBudgetReport;
}

const usd = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The allowance of a `score --mode batch` run, or undefined without `--max-cost` and without period limits. As in
 * sync mode it is the smallest of `--max-cost` and what is left of the daily and monthly limits; what is left
 * counts the real cost stored in `judge_calls` and, as spent, the estimated cost of the batches submitted and not
 * collected yet (their real cost is recorded only at collection). `--max-cost` bounds this run's reservations alone.
 */
export function batchBudget(db: Db, maxCostUsd: number | undefined, limits: PeriodLimits | undefined, onWarning: (message: string) => void): BatchBudget | undefined {
  const batches = new BatchRepository(db);
  const spend = (atStart: boolean): { today_usd: number; month_usd: number; pending_usd: number } => {
    const starts = periodStarts(new Date());
    const pending = limits ? batches.reservedUsd() : { usd: 0, unestimated: 0 };
    if (atStart && pending.unestimated > 0) {
      onWarning(`${pending.unestimated} batches not collected yet have no cost estimate (submitted by an earlier version or without a price): counted as $0 until collected`);
    }
    return limits ? { today_usd: spentSince(db, starts.day), month_usd: spentSince(db, starts.month), pending_usd: pending.usd } : { today_usd: 0, month_usd: 0, pending_usd: 0 };
  };
  const before = spend(true);
  const allowance = runAllowance(maxCostUsd, limits, { today_usd: before.today_usd + before.pending_usd, month_usd: before.month_usd + before.pending_usd });
  if (!allowance) return undefined;
  const budget = new Budget(allowance.limitUsd);
  return {
    budget,
    allowance,
    report(leftForBudget) {
      const report: BatchBudgetReport = {
        max_cost_usd: maxCostUsd ?? null,
        limited_by: allowance.limitedBy,
        allowance_usd: usd(allowance.limitUsd),
        reserved_usd: usd(budget.reserved),
        left_for_budget: leftForBudget,
      };
      if (limits) {
        const s = spend(false);
        report.period = {
          daily_usd: limits.daily_usd ?? null,
          monthly_usd: limits.monthly_usd ?? null,
          spent_today_usd: usd(s.today_usd),
          spent_month_usd: usd(s.month_usd),
          pending_usd: usd(s.pending_usd),
          limited_by: allowance.limitedBy,
        };
      }
      return report;
    },
  };
}

/** "spent today $… of $… daily, this month $… of $… monthly; $… reserved by batches not collected yet". */
export function batchPeriodText(period: NonNullable<BatchBudgetReport['period']>): string {
  return `${periodSpendText(period)}; $${period.pending_usd.toFixed(4)} reserved by batches not collected yet`;
}

/** Said at the start when a period limit is already used up: nothing paid is submitted. */
export function batchBudgetSpentMessage(report: BatchBudgetReport): string | undefined {
  if (report.limited_by === 'max_cost' || report.allowance_usd > 0 || !report.period) return undefined;
  return `${report.limited_by} budget already spent or reserved (${batchPeriodText(report.period)}): nothing needing a provider call is submitted in this run`;
}

/** The line telling how to go on after the budget left transcripts out. */
export function batchBudgetContinueMessage(report: BatchBudgetReport): string {
  const left = `${report.left_for_budget} transcripts left for budget (not submitted, nothing stored)`;
  const reserved = `$${report.reserved_usd.toFixed(4)} reserved (estimated) by this run`;
  if (report.limited_by === 'max_cost') {
    return `budget of $${report.max_cost_usd} (--max-cost) reached after ${reserved}: ${left}; run the same command again (with a higher --max-cost, or later) to submit them`;
  }
  const p = report.period!;
  const daily = report.limited_by === 'daily';
  return (
    `${report.limited_by} budget of $${daily ? p.daily_usd : p.monthly_usd} reached after ${reserved} (${batchPeriodText(p)}): ${left}; ` +
    `the same command submits them in ${daily ? 'the next UTC day' : 'the next UTC month'}, or raise ${daily ? 'budget.daily_usd' : 'budget.monthly_usd'} ` +
    'in cxqa.config.yaml (once collected, batches count their real cost instead of the estimate)'
  );
}
