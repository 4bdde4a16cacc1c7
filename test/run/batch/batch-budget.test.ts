import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { orderTranscript } from '../../judge/llm/llm-fixtures.js';
import { BATCH_HARNESSES, query, useBatchWorkspace } from './batch-harness.js';

interface Submission {
  submitted: number;
  requests: number;
  pending: number;
  reused: number;
  left_for_budget: number;
  budget: {
    max_cost_usd: number | null;
    limited_by: string;
    allowance_usd: number;
    reserved_usd: number;
    left_for_budget: number;
    period?: { daily_usd: number | null; monthly_usd: number | null; spent_today_usd: number; spent_month_usd: number; pending_usd: number; limited_by: string };
  };
}

describe.each(BATCH_HARNESSES)('score --mode batch within a budget: estimates reserved at submission, real cost at collection ($provider)', (h) => {
  const tempDir = useTempDir();
  const env = useBatchWorkspace(h, tempDir);
  const prices = () => `prices:\n  "${h.spec}": { input: 2, cached_input: 1, output: 8 }\n`;


  const ids = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5'];
  const writeInput = () => writeFileSync(env.ws.input, `${ids.map((id) => JSON.stringify({ ...orderTranscript(), id })).join('\n')}\n`);
  const args = (...extra: string[]) => ['score', '-i', env.ws.input, '-r', env.ws.rubricFile, '--judge', h.spec, '--db', env.ws.dbPath, '--config', env.ws.configFile, '--quiet', ...extra];
  const submit = async (...extra: string[]) => {
    const r = await runCli(args('--base-url', env.server.baseURL, '--mode', 'batch', '--json', ...extra));
    return { ...r, out: JSON.parse(r.stdout.trim()) as Submission };
  };
  const collect = () => runCli(['batch', 'collect', '--db', env.ws.dbPath, '--config', env.ws.configFile, '--wait', '--poll-interval', '0.01']);
  /** The estimate `score --dry-run --mode batch` prints for each transcript, by id. */
  const dryRunEstimates = async (): Promise<Map<string, number>> => {
    const r = await runCli(args('--dry-run', '--mode', 'batch', '--json'));
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { transcripts: { transcript_id: string; cost_usd: number }[] }).transcripts;
    return new Map(rows.map((t) => [t.transcript_id, t.cost_usd]));
  };
  const stored = () => query<{ transcript_id: string }>(env.ws.dbPath, 'SELECT DISTINCT transcript_id FROM evaluations ORDER BY transcript_id').map((r) => r.transcript_id);
  const realSpend = () => query<{ usd: number }>(env.ws.dbPath, 'SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM judge_calls WHERE cache_hit = 0')[0]!.usd;
  /** How many of `rest` (in input order) fit in `usd` at their estimates. */
  const fitting = (estimates: Map<string, number>, rest: string[], usd: number) => {
    let n = 0;
    let sum = 0;
    for (const id of rest) {
      sum += estimates.get(id)!;
      if (sum > usd) break;
      n += 1;
    }
    return n;
  };

  it('--max-cost: submits only the part that fits at the dry-run estimate; the rest is stored as nothing; the next runs submit the rest', async () => {
    writeInput();
    const est = await dryRunEstimates();
    const e = est.get('b-1')!;
    expect(e).toBeGreaterThan(0);
    const maxCost = (est.get('b-1')! + est.get('b-2')! + est.get('b-3')! / 2).toFixed(6);
    await env.start();

    const first = await submit('--max-cost', maxCost);
    expect(first.code).toBe(3);
    expect(first.out).toMatchObject({ submitted: 2, requests: 2, left_for_budget: 3 });
    expect(first.out.budget).toMatchObject({ max_cost_usd: Number(maxCost), limited_by: 'max_cost', left_for_budget: 3 });
    expect(first.out.budget.reserved_usd).toBeCloseTo(est.get('b-1')! + est.get('b-2')!, 6);
    expect(first.out.budget.period).toBeUndefined();
    expect(env.server.batchSizes()).toEqual([2]);
    expect(first.stderr).toContain(`budget of $${Number(maxCost)} (--max-cost) reached after $`);
    expect(first.stderr).toContain('3 transcripts left for budget (not submitted, nothing stored)');
    // The batch records what it was estimated to cost; nothing of the transcripts left out is stored anywhere.
    const batches = () => query<{ estimated_cost_usd: number }>(env.ws.dbPath, 'SELECT estimated_cost_usd FROM provider_batches ORDER BY rowid');
    expect(batches()[0]!.estimated_cost_usd).toBeCloseTo(first.out.budget.reserved_usd, 6);
    expect(query(env.ws.dbPath, 'SELECT transcript_id FROM run_items')).toEqual([]);
    expect(query(env.ws.dbPath, 'SELECT id FROM transcripts')).toEqual([]);
    expect(query<{ n: number }>(env.ws.dbPath, 'SELECT COUNT(*) AS n FROM provider_batch_items')[0]!.n).toBe(2);
    expect(query<{ options_json: string }>(env.ws.dbPath, 'SELECT options_json FROM runs')[0]!.options_json).toContain(`"max_cost":${Number(maxCost)}`);

    expect((await collect()).code).toBe(0);
    expect(stored()).toEqual(['b-1', 'b-2']);
    // Collection records the real cost (from the provider's usage), at the batch price.
    expect(realSpend()).toBeGreaterThan(0);
    expect(realSpend()).not.toBeCloseTo(first.out.budget.reserved_usd, 6);

    // The next night: what is stored is reused, the next part is submitted (here collected at once with --wait).
    const second = await runCli(args('--base-url', env.server.baseURL, '--mode', 'batch', '--json', '--wait', '--poll-interval', '0.01', '--max-cost', maxCost));
    expect(second.code).toBe(3);
    const summary = JSON.parse(second.stdout) as { transcripts: { reused: number; scored: number }; budget: Submission['budget'] };
    expect(summary.transcripts).toMatchObject({ reused: 2, scored: 4 });
    expect(summary.budget).toMatchObject({ left_for_budget: 1, limited_by: 'max_cost' });
    expect(stored()).toEqual(['b-1', 'b-2', 'b-3', 'b-4']);

    const third = await submit('--max-cost', maxCost);
    expect(third.code).toBe(0);
    expect(third.out).toMatchObject({ submitted: 1, reused: 4, left_for_budget: 0 });
    expect(env.server.batchSizes()).toEqual([2, 2, 1]);
    expect(third.stderr).not.toContain('left for budget');
  });

  it('daily limit: a pending batch counts at its estimate until it is collected, then at its real cost', async () => {
    writeInput();
    const est = await dryRunEstimates();
    const daily = (est.get('b-1')! * 2.7).toFixed(6);
    writeFileSync(env.ws.configFile, `${prices()}budget: { daily_usd: ${daily} }\n`);
    await env.start();

    const first = await submit();
    expect(first.code).toBe(3);
    expect(first.out).toMatchObject({ submitted: 2, left_for_budget: 3 });
    const reserved = est.get('b-1')! + est.get('b-2')!;
    expect(first.out.budget).toMatchObject({ max_cost_usd: null, limited_by: 'daily', allowance_usd: Number(daily) });
    expect(first.out.budget.period).toMatchObject({ daily_usd: Number(daily), monthly_usd: null, spent_today_usd: 0, limited_by: 'daily' });
    expect(first.out.budget.period!.pending_usd).toBeCloseTo(reserved, 6);
    expect(first.stderr).toContain(`daily budget of $${Number(daily)} reached after $`);
    expect(first.stderr).toContain('the same command submits them in the next UTC day');

    // Not collected yet: its estimate is counted as spent, so only 0.7 of a transcript is left: nothing is submitted.
    const second = await submit();
    expect(second.code).toBe(3);
    expect(second.out).toMatchObject({ submitted: 0, pending: 2, left_for_budget: 3 });
    expect(second.out.budget.allowance_usd).toBeCloseTo(Number(daily) - reserved, 6);
    expect(env.server.batchSizes()).toEqual([2]);

    // Collected: the real cost replaces the estimate; what is left of the day is the limit minus the real spend.
    expect((await collect()).code).toBe(0);
    const spent = realSpend();
    const expected = fitting(est, ['b-3', 'b-4', 'b-5'], Number(daily) - spent);
    // The real cost (the fake providers' usage) is below the estimate, so more fits than the estimates alone allow.
    expect(fitting(est, ['b-3', 'b-4', 'b-5'], Number(daily) - reserved)).toBe(0);
    expect(expected).toBeGreaterThanOrEqual(1);
    const third = await submit();
    expect(third.out).toMatchObject({ submitted: expected, reused: 2, left_for_budget: 3 - expected });
    expect(third.out.budget.allowance_usd).toBeCloseTo(Number(daily) - spent, 6);
    expect(third.out.budget.period).toMatchObject({ limited_by: 'daily' });
    expect(third.out.budget.period!.spent_today_usd).toBeCloseTo(spent, 6);
    expect(env.server.batchSizes()).toEqual([2, expected]);
  });

  it('the smallest limit wins: a monthly rest below the daily one bounds the run; a limit already used up submits nothing', async () => {
    writeInput();
    const est = await dryRunEstimates();
    const monthly = (est.get('b-1')! * 1.5).toFixed(6);
    writeFileSync(env.ws.configFile, `${prices()}budget: { daily_usd: 1, monthly_usd: ${monthly} }\n`);
    await env.start();

    const first = await submit('--max-cost', '0.5');
    expect(first.out).toMatchObject({ submitted: 1, left_for_budget: 4 });
    expect(first.out.budget).toMatchObject({ max_cost_usd: 0.5, limited_by: 'monthly', period: { daily_usd: 1, monthly_usd: Number(monthly), limited_by: 'monthly' } });
    expect(first.stderr).toContain(`monthly budget of $${Number(monthly)} reached`);
    expect(first.stderr).toContain('raise budget.monthly_usd in cxqa.config.yaml');

    // A text run says what the period limits have left, the pending reservation included.
    const text = await runCli(args('--base-url', env.server.baseURL, '--mode', 'batch'));
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('· 4 left for budget (not submitted)');
    expect(text.stdout).toMatch(/budget: spent today \$0\.0000 of \$1 daily, this month \$0\.0000 of \$[\d.]+ monthly; \$[\d.]+ reserved by batches not collected yet/);

    // The whole month reserved: said at the start, nothing submitted.
    writeFileSync(env.ws.configFile, `${prices()}budget: { monthly_usd: ${(est.get('b-1')! * 0.5).toFixed(6)} }\n`);
    const spentUp = await submit();
    expect(spentUp.out).toMatchObject({ submitted: 0, left_for_budget: 4, budget: { allowance_usd: 0 } });
    expect(spentUp.stderr).toContain('monthly budget already spent or reserved');
    expect(env.server.batchSizes()).toEqual([1]);
  });

  it('a model without a price is refused as in sync mode (exit 2, nothing written)', async () => {
    writeInput();
    writeFileSync(env.ws.configFile, 'prices: {}\n');
    await env.start();
    const maxCost = await runCli(args('--base-url', env.server.baseURL, '--mode', 'batch', '--max-cost', '1'));
    expect(maxCost.code).toBe(2);
    expect(maxCost.stderr).toContain(`--max-cost needs the price of ${h.spec}`);
    writeFileSync(env.ws.configFile, 'budget: { daily_usd: 1 }\n');
    const daily = await runCli(args('--base-url', env.server.baseURL, '--mode', 'batch'));
    expect(daily.code).toBe(2);
    expect(daily.stderr).toContain(`budget: in cxqa.config.yaml needs the price of ${h.spec}`);
    expect(existsSync(env.ws.dbPath)).toBe(false);
    expect(env.server.batchSizes()).toEqual([]);
  });
});
