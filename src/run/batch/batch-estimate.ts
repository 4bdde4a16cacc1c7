import { estimateRequestCost, estimateRequestTokens } from '../../judge/cost/estimate-request.js';
import type { PriceTable } from '../../judge/cost/price-table.js';
import type { JudgedCriterion, Rubric } from '../../rubric/schema.js';
import type { Transcript } from '../../transcript/schema.js';

/**
 * Estimated cost in USD, at the batch API price, of the batch requests of one transcript (one per group of
 * criterion ids: one group, or one per criterion with `--call-per criterion`), by the estimator of
 * `score --dry-run --mode batch`: input ≈ the judge prompt at 4 characters per token, output ≈ 150 tokens per
 * criterion + 20 (not the `max_tokens` ceiling). Null when the judge has no price.
 */
export function estimateBatchRequests(
  judgeName: string,
  rubric: Rubric,
  transcript: Transcript,
  judged: readonly JudgedCriterion[],
  groups: readonly (readonly string[])[],
  prices: PriceTable,
): number | null {
  let usd = 0;
  for (const ids of groups) {
    const criteria = judged.filter((c) => ids.includes(c.id));
    const cost = estimateRequestCost(judgeName, estimateRequestTokens(rubric, transcript, criteria), prices, { batch: true });
    if (cost === null) return null;
    usd += cost;
  }
  return usd;
}
