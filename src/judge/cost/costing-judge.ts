import type { Judge, JudgeRequest, JudgeResponse } from '../judge.js';
import type { JudgeCall, TokenUsage } from '../../values/judge-call.js';
import { computeCost } from './compute-cost.js';
import type { PriceTable } from './price-table.js';

/** Called once per judge whose model has no known price. */
export type UnknownPriceHandler = (judgeName: string) => void;

/**
 * Turns the token usage a provider judge reports into `cost_usd`, using the price table, and lists the
 * call(s) in `calls`. A cost the inner judge computed itself is kept. When the inner judge lists several
 * calls itself (e.g. one per criterion), each is priced. An unknown model gives a null cost and one warning
 * (never an error). Wrap provider judges directly: the budget and cache decorators go outside.
 */
export class CostingJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  private warned = false;

  constructor(
    private readonly inner: Judge,
    private readonly prices: PriceTable,
    private readonly onUnknownPrice: UnknownPriceHandler = () => {},
  ) {
    this.name = inner.name;
    this.fingerprint = inner.fingerprint;
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const response = await this.inner.judge(request);
    const { cost_usd: reported, calls: listed, ...rest } = response;
    let calls: JudgeCall[];
    if (listed) calls = listed.map((c) => ({ ...c, cost_usd: c.cost_usd ?? (c.usage ? this.price(c.judge, c.usage, c.batch === true) : null) }));
    else if (response.usage === undefined && reported === undefined) calls = [];
    else {
      const usage = response.usage ?? null;
      calls = [{ judge: this.name, usage, cost_usd: reported ?? (usage ? this.price(this.name, usage) : null), cache_hit: false }];
    }
    const priced = calls.filter((c) => c.cost_usd !== null);
    const cost = reported ?? (priced.length > 0 ? priced.reduce((sum, c) => sum + c.cost_usd!, 0) : undefined);
    return { ...rest, ...(cost !== undefined ? { cost_usd: cost } : {}), calls };
  }

  private price(judgeName: string, usage: TokenUsage, batch = false): number | null {
    const price = this.prices.lookup(judgeName);
    if (price) return computeCost(usage, price, { batch });
    if (!this.warned) {
      this.warned = true;
      this.onUnknownPrice(judgeName);
    }
    return null;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
