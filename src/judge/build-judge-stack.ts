import { UsageError } from '../error/cxqa-error.js';
import type { Budget } from './budget/budget.js';
import { BudgetedJudge } from './budget/budgeted-judge.js';
import { CachedJudge } from './cache/cached-judge.js';
import { CostingJudge } from './cost/costing-judge.js';
import { estimateRequestCost, estimateRequestTokens } from './cost/estimate-request.js';
import type { PriceTable } from './cost/price-table.js';
import type { Judge } from './judge.js';
import { isOfflineJudgeName, panelMembers } from './judge-spec.js';
import { PanelJudge } from './panel/panel-judge.js';
import type { JudgeCacheStore } from './cache/judge-cache-store.js';

export interface JudgeStackOptions {
  prices: PriceTable;
  /** The judge cache and call ledger (`JudgeCacheRepository` in src/store); omit (or `cache: false`) to bypass the cache. */
  cacheStore?: JudgeCacheStore;
  /** `false` for `--no-cache`: no cache reads, no cache writes. */
  cache?: boolean;
  /** Shared spending limit for `--max-cost`. */
  budget?: Budget;
  /** Told once per judge whose model has no price (its cost is then null). */
  onUnknownPrice?: (judgeName: string) => void;
}

/**
 * The undecorated member judges of a `--judge` spec (one, or several for a panel), each built by `select`
 * from its member spec. Usage errors come from here.
 */
export function selectMemberJudges(spec: string, select: (member: string) => Judge): Judge[] {
  return panelMembers(spec).map((member) => select(member));
}

/** With a budget, every paid member needs a known price: a usage error (`BUDGET_PRICE_UNKNOWN`) otherwise. */
export function assertBudgetPrices(members: readonly Judge[], prices: PriceTable, limit = '--max-cost'): void {
  for (const m of members) {
    if (isOfflineJudgeName(m.name) || prices.lookup(m.name)) continue;
    throw new UsageError(
      `${limit} needs the price of ${m.name}: add it to cxqa.config.yaml, e.g.\n  prices:\n    "${m.name}": { input: 0.4, cached_input: 0.1, output: 1.6 }`,
      'BUDGET_PRICE_UNKNOWN',
    );
  }
}

/**
 * The judge stack: each member wrapped as `Cached(Budgeted(Costing(member)))`, several members combined in a
 * {@link PanelJudge}. The cache is outermost so a hit costs nothing and uses no budget; the budget reads the
 * cost the costing decorator computed. Offline judges are free and deterministic: left undecorated.
 */
export function stackJudges(members: readonly Judge[], options: JudgeStackOptions): Judge {
  if (options.budget) assertBudgetPrices(members, options.prices);
  const wrapped = members.map((m) => decorateMember(m, options));
  return wrapped.length === 1 ? wrapped[0]! : new PanelJudge(wrapped);
}

/** {@link selectMemberJudges} then {@link stackJudges}. */
export function buildJudgeStack(spec: string, select: (member: string) => Judge, options: JudgeStackOptions): Judge {
  return stackJudges(selectMemberJudges(spec, select), options);
}

function decorateMember(provider: Judge, options: JudgeStackOptions): Judge {
  if (isOfflineJudgeName(provider.name)) return provider;
  let judge: Judge = new CostingJudge(provider, options.prices, options.onUnknownPrice);
  if (options.budget) {
    const { name } = provider;
    const { prices } = options;
    judge = new BudgetedJudge(judge, options.budget, (request) =>
      estimateRequestCost(name, estimateRequestTokens(request.rubric, request.transcript, request.criteria), prices),
    );
  }
  // Also with `--no-cache`: the decorator then only records calls in `judge_calls` as they return.
  if (options.cacheStore) judge = new CachedJudge(judge, options.cacheStore, { cache: options.cache !== false });
  return judge;
}
