import type { Readable } from 'node:stream';
import { estimateRequestCost, estimateRequestTokens } from '../judge/cost/estimate-request.js';
import type { PriceTable } from '../judge/cost/price-table.js';
import type { LoadedRubric } from '../rubric/load.js';
import { readTranscripts, type ReadLimits, type TranscriptLineError } from '../transcript/read-jsonl.js';
import { isOfflineJudgeName } from '../judge/judge-spec.js';
import { splitCriteria } from './evaluate-transcript.js';

export interface DryRunOptions {
  input: string | Readable;
  inputName?: string;
  /** Line length and nesting limits of the input (defaults: 5 MB, 32 levels). */
  readLimits?: ReadLimits;
  rubric: LoadedRubric;
  /** Judge names of the members (`openai:gpt-4.1-mini`, ...); one for a single judge. */
  members: readonly string[];
  prices: PriceTable;
  /** `score --mode batch`: priced at the provider batch API price (`BATCH_PRICE_FACTOR` × the list price). */
  batch?: boolean;
  onRow?: (row: DryRunRow) => void;
  onInvalid?: (error: TranscriptLineError) => void;
}

/** The estimate for one transcript, summed over the panel members that call a provider. */
export interface DryRunRow {
  transcript_id: string;
  line: number;
  input_tokens: number;
  output_tokens: number;
  /** Null when a member's price is unknown. */
  cost_usd: number | null;
}

export interface DryRunTotals {
  transcripts: number;
  invalid: number;
  input_tokens: number;
  output_tokens: number;
  /** Null when a member's price is unknown. */
  cost_usd: number | null;
  /** Members without a known price. */
  unpriced: string[];
}

/**
 * Estimates what scoring the input would send and cost, without calling any judge or touching a database.
 * Offline members make no provider call and count nothing. Token counts use {@link estimateRequestTokens}.
 */
export async function dryRun(opts: DryRunOptions): Promise<DryRunTotals> {
  const { judged } = splitCriteria(opts.rubric.rubric);
  const paid = opts.members.filter((m) => !isOfflineJudgeName(m));
  const unpriced = paid.filter((m) => !opts.prices.lookup(m));
  const totals: DryRunTotals = { transcripts: 0, invalid: 0, input_tokens: 0, output_tokens: 0, cost_usd: unpriced.length ? null : 0, unpriced };
  for await (const line of readTranscripts(opts.input, opts.inputName, opts.readLimits)) {
    if (!line.ok) {
      totals.invalid += 1;
      opts.onInvalid?.(line.error);
      continue;
    }
    const estimate = estimateRequestTokens(opts.rubric.rubric, line.transcript, judged);
    const row: DryRunRow = { transcript_id: line.transcript.id, line: line.line, input_tokens: 0, output_tokens: 0, cost_usd: unpriced.length ? null : 0 };
    for (const member of paid) {
      row.input_tokens += estimate.input_tokens;
      row.output_tokens += estimate.output_tokens;
      const cost = estimateRequestCost(member, estimate, opts.prices, { batch: opts.batch === true });
      if (row.cost_usd !== null && cost !== null) row.cost_usd += cost;
    }
    totals.transcripts += 1;
    totals.input_tokens += row.input_tokens;
    totals.output_tokens += row.output_tokens;
    if (totals.cost_usd !== null && row.cost_usd !== null) totals.cost_usd += row.cost_usd;
    opts.onRow?.(row);
  }
  return totals;
}
