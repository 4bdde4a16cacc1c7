import type { ReadLimits } from '../transcript/read-jsonl.js';
import { terminalSafe } from '../report/terminal-safe.js';
import Table from 'cli-table3';
import { BATCH_PRICE_FACTOR } from '../judge/cost/compute-cost.js';
import type { PriceTable } from '../judge/cost/price-table.js';
import type { LoadedRubric } from '../rubric/load.js';
import { dryRun, type DryRunRow } from '../run/dry-run.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';

export interface DryRunPrint {
  input: string;
  rubric: LoadedRubric;
  members: readonly string[];
  prices: PriceTable;
  json: boolean;
  /** `--mode batch`: priced at the batch API price. */
  batch?: boolean;
  readLimits?: ReadLimits;
}

/**
 * `score --dry-run`: prints per transcript the estimated input/output tokens and cost, then the totals.
 * With `json`, one JSON object `{ mode, price_factor, transcripts: [...], total: {...} }`. With `batch`, costs
 * are at the provider batch API price ({@link BATCH_PRICE_FACTOR} × list). Calls no judge, writes nothing.
 */
export async function printDryRun(opts: DryRunPrint): Promise<number> {
  const rows: DryRunRow[] = [];
  const totals = await dryRun({
    input: opts.input,
    ...(opts.readLimits ? { readLimits: opts.readLimits } : {}),
    rubric: opts.rubric,
    members: opts.members,
    prices: opts.prices,
    batch: opts.batch === true,
    onRow: (row) => rows.push(row),
    onInvalid: (error) => warn(`skipped ${error.message}`),
  });
  for (const m of totals.unpriced) warn(`no price known for ${m}: cost not estimated; add prices["${m}"] to cxqa.config.yaml`);
  const mode = opts.batch ? 'batch' : 'sync';
  const priceFactor = opts.batch ? BATCH_PRICE_FACTOR : 1;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ dry_run: true, judge: opts.members.join(','), mode, price_factor: priceFactor, transcripts: rows, total: totals })}\n`);
    return ExitCode.OK;
  }
  const table = new Table({
    head: ['transcript', 'line', 'input tokens', 'output tokens', 'cost (USD)'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) table.push([r.transcript_id, String(r.line), String(r.input_tokens), String(r.output_tokens), usd(r.cost_usd)]);
  table.push(['total', '', String(totals.input_tokens), String(totals.output_tokens), usd(totals.cost_usd)]);
  process.stdout.write(terminalSafe(
    `dry run · judge ${opts.members.join(',')} · ${totals.transcripts} transcripts${totals.invalid ? `, ${totals.invalid} invalid lines` : ''}` +
      `${opts.batch ? ` · --mode batch: batch API prices (${priceFactor * 100} % of list)` : ''} · nothing was sent or stored\n` +
      `${table.toString()}\n` +
      `estimates: prompt = the judge prompt for each transcript, ~4 characters per token; output = 150 tokens per criterion + 20; ` +
      `${opts.batch ? `batch prices (${priceFactor} × list)` : 'list prices'}, no cache discount\n`,
  ));
  return ExitCode.OK;
}

function usd(x: number | null): string {
  return x === null ? 'unknown' : x.toFixed(4);
}
