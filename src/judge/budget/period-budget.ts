/** `budget:` in cxqa.config.yaml: spending limits across runs, per UTC day and per UTC calendar month. */
export interface PeriodLimits {
  daily_usd?: number | undefined;
  monthly_usd?: number | undefined;
}

/** What has been spent in the current UTC day and month, as stored in the database. */
export interface PeriodSpend {
  today_usd: number;
  month_usd: number;
}

/** Which limit a run's effective budget comes from. */
export type BudgetLimiter = 'max_cost' | 'daily' | 'monthly';

/** The budget a run may spend: the smallest of `--max-cost` and what is left of the daily and monthly limits. */
export interface RunAllowance {
  limitUsd: number;
  limitedBy: BudgetLimiter;
}

/** Start of the UTC day and of the UTC calendar month that `now` falls in, as ISO strings. */
export function periodStarts(now: Date): { day: string; month: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return { day: new Date(Date.UTC(y, m, now.getUTCDate())).toISOString(), month: new Date(Date.UTC(y, m, 1)).toISOString() };
}

/**
 * The run's allowance, or undefined when neither `--max-cost` nor a period limit is set. A period whose limit
 * has already been spent leaves 0: every paid call is refused (free judges still run).
 */
export function runAllowance(maxCostUsd: number | undefined, limits: PeriodLimits | undefined, spend: PeriodSpend): RunAllowance | undefined {
  const candidates: RunAllowance[] = [];
  if (maxCostUsd !== undefined) candidates.push({ limitUsd: maxCostUsd, limitedBy: 'max_cost' });
  if (limits?.daily_usd !== undefined) candidates.push({ limitUsd: Math.max(0, limits.daily_usd - spend.today_usd), limitedBy: 'daily' });
  if (limits?.monthly_usd !== undefined) candidates.push({ limitUsd: Math.max(0, limits.monthly_usd - spend.month_usd), limitedBy: 'monthly' });
  if (candidates.length === 0) return undefined;
  // The smallest wins; on a tie --max-cost is named (it is the one the user typed for this run).
  return candidates.reduce((best, c) => (c.limitUsd < best.limitUsd ? c : best));
}
