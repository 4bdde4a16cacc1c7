import { applyFits, type FitMode } from '../fit/apply-fits.js';
import { withFitRefs } from '../fit/batch-fits.js';
import { nightlyRunOptions, selectionFrom, type NightlyFlags } from './nightly-flags.js';
import { readLimitsFrom, type ReadLimitFlags } from './read-limit-flags.js';
import { UsageError } from '../error/cxqa-error.js';
import { assertBudgetPrices, stackJudges, type JudgeStackOptions } from '../judge/build-judge-stack.js';
import { parseKnownJudgeSpec } from '../judge/judge-spec.js';
import { LlmJudge } from '../judge/llm/llm-judge.js';
import type { LoadedConfig } from '../config/load-config.js';
import { printAlerts, runAlerts } from '../alerts/report-alerts.js';
import { summarizeRun } from '../report/run-summary.js';
import { formatSummaryTable } from '../report/summary-table.js';
import type { Judge } from '../judge/judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import { batchClientFor } from '../run/batch/batch-client-for.js';
import { BatchError } from '../run/batch/batch-error.js';
import { storedJudgeSettings } from '../run/batch/batch-judge-settings.js';
import { collectBatches, type BatchCollectReport } from '../run/batch/collect-batches.js';
import { submitBatch, type SubmitBatchResult } from '../run/batch/submit-batch.js';
import { getRun } from '../store/run-repository.js';
import { batchContexts } from './batch-context.js';
import { DEFAULT_POLL_INTERVAL_SECONDS, type BatchModeFlags } from './batch-flags.js';
import { formatCollectReport } from './batch-output.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { handleStopSignals } from './stop-signals.js';
import { judgeSpec, selectCommandJudges, type JudgeCommandFlags } from './judge-flags.js';
import { openForWriting, WaitingWriterLock } from './take-writer-lock.js';
import { JudgeCacheRepository } from '../store/judge-cache-repository.js';
import { batchBudget, batchBudgetContinueMessage, batchBudgetSpentMessage, batchPeriodText, type BatchBudget, type BatchBudgetReport } from './batch-budget.js';

/** The flags `score --mode batch` reads. */
export interface BatchScoreFlags extends JudgeCommandFlags, BatchModeFlags, ReadLimitFlags, NightlyFlags {
  fit: FitMode;
  input: string;
  db: string;
  json?: boolean;
  maxCost?: number;
}

/**
 * `cxqa score --mode batch`: submits the model-judged work to the judge's provider batch API and prints the
 * batch ids; with `--wait`, polls until the batches end and stores their results (exit codes as `score`).
 */
export async function runBatchScore(flags: BatchScoreFlags, rubric: LoadedRubric, config: LoadedConfig['config'], stack: JudgeStackOptions): Promise<number> {
  const spec = judgeSpec(flags, rubric);
  const members = selectCommandJudges(flags, rubric);
  const llm = members.length === 1 ? members[0] : undefined;
  assertBatchModeSupported(spec);
  if (!(llm instanceof LlmJudge)) throw unsupportedJudge(spec);
  const limits = {
    ...(flags.batchMaxRequests !== undefined ? { maxRequests: flags.batchMaxRequests } : {}),
    ...(flags.batchMaxBytes !== undefined ? { maxBytes: flags.batchMaxBytes } : {}),
  };
  const settings = storedJudgeSettings(llm);
  // Before the database is created: a budget needs the model's price (the same refusal as sync mode).
  if (flags.maxCost !== undefined) assertBudgetPrices(members, stack.prices);
  if (config.budget) assertBudgetPrices(members, stack.prices, 'budget: in cxqa.config.yaml');
  // The same writer lock as `score`: one process at a time stores results (exit 4 while another holds it).
  const opened = openForWriting(flags.db, 'score --mode batch');
  const db = opened.db;
  const lock = new WaitingWriterLock(db, flags.db, 'score --mode batch', opened.lock);
  let judge: Judge;
  let limit: BatchBudget | undefined;
  try {
    // What this run may reserve: --max-cost and what the period limits leave, batches not collected counted as spent.
    limit = batchBudget(db, flags.maxCost, config.budget, warn);
    const spent = limit && batchBudgetSpentMessage(limit.report(0));
    if (spent) warn(spent);
    // The fits in force are those of `score`: the latest per criterion for this rubric and judge, unless --fit none.
    judge = applyFits(stackJudges(members, { ...stack, cacheStore: new JudgeCacheRepository(db) }), db, rubric, flags.fit, warn);
  } catch (err) {
    lock.release();
    db.close();
    throw err;
  }
  // The fits in force go with the batch, so its collection applies the fits the submission chose (see batch-context.ts).
  const settingsJson = JSON.stringify(withFitRefs(settings, judge));
  const selection = selectionFrom(flags);
  const stop = handleStopSignals({
    message: () => 'interrupted: submitted batches are stored; `cxqa batch collect` picks up their results later',
    beforeExit: () => {
      // Second signal: quit at once; what was submitted is stored, and the lock is freed first.
      lock.release();
    },
  });
  try {
    // A BatchError reaches main, which takes the exit code from its code (exit-category.ts).
    const submitted: SubmitBatchResult = await submitBatch({
      db,
      input: flags.input,
      readLimits: readLimitsFrom(flags),
      rubric,
      llm,
      stack: judge,
      client: batchClientFor(llm, limits),
      judgeSettings: JSON.parse(settingsJson) as Record<string, unknown>,
      // --rejudge: fresh calls, no judge-cache reads (as in sync mode).
      cache: flags.cache && !flags.rejudge,
      prices: stack.prices,
      ...(config.store ? { storeText: config.store.text } : {}),
      ...(flags.rejudge ? { rejudge: true } : {}),
      ...(limit ? { budget: limit.budget } : {}),
      ...(flags.since ? { since: flags.since } : {}),
      ...(selection ? { selection } : {}),
      signal: stop.signal,
      onStarted: (runId) => lock.setRunId(runId),
      options: { ...nightlyRunOptions(flags), cache: flags.cache, wait: flags.wait === true, ...(flags.maxCost !== undefined ? { max_cost: flags.maxCost } : {}) },
      onInvalid: (error) => warn(`skipped ${error.message}`),
      onSubmitted: (batch, requests) => {
        if (!flags.json) process.stdout.write(`submitted batch ${batch.id} (${llm.modelProvider.provider}, ${requests} requests, ${batch.providerStatus})\n`);
      },
    });
    const line =
      `run ${submitted.runId}: ${submitted.read} read · ${submitted.reused} already scored · ${submitted.pending} already in a batch · ` +
      `${submitted.storedNow} stored without a call · ${submitted.submitted} submitted in ${submitted.batches.length} batches (${submitted.requests} requests)` +
      (submitted.invalid ? ` · ${submitted.invalid} invalid` : '') +
      (submitted.skipped ? ` · ${submitted.skipped} skipped (before --since)` : '') +
      (submitted.unselected ? ` · ${submitted.unselected} outside --sample/--shard` : '') +
      (submitted.leftForBudget ? ` · ${submitted.leftForBudget} left for budget (not submitted)` : '');
    const budgetOf = (): { budget?: BatchBudgetReport } => (limit ? { budget: limit.report(submitted.leftForBudget) } : {});
    if (!flags.wait) {
      const { budget } = budgetOf();
      if (flags.json) process.stdout.write(`${JSON.stringify({ run_id: submitted.runId, ...counts(submitted), batches: submitted.batches, ...(budget ? { budget } : {}) })}\n`);
      else {
        process.stdout.write(`${line}\n`);
        printBudget(budget);
        if (submitted.batches.length > 0) process.stdout.write(`collect the results with: cxqa batch collect --db ${flags.db}\n`);
      }
      if (budget?.left_for_budget) warn(batchBudgetContinueMessage(budget));
      if (submitted.interrupted) return ExitCode.INTERRUPTED;
      return submitted.invalid > 0 || submitted.leftForBudget > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    }
    if (!flags.json) process.stdout.write(`${line}\n`);
    let reports: BatchCollectReport[];
    let pending: string[];
    try {
      ({ collected: reports, pending } = await collectBatches({
        db,
        contextFor: batchContexts(db, stack, { known: { llm, settingsJson, limits } }),
        batchIds: submitted.batches.map((b) => b.id),
        wait: true,
        pollIntervalMs: (flags.pollInterval ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000,
        signal: stop.signal,
        onWarning: warn,
        onCollected: (r) => {
          if (!flags.json) process.stdout.write(`${formatCollectReport(r)}\n`);
        },
        lockBetweenPolls: lock,
        storeText: config.store?.text,
      }));
      lock.reacquire(); // after an interrupted wait; best effort (false while another process writes)
    } catch (err) {
      // Exit code from the error's code (exit-category.ts); say how to finish.
      if (err instanceof BatchError) throw new BatchError(err.code, `${err.message}; run \`cxqa batch collect --db ${flags.db}\` to try again`, { cause: err });
      throw err;
    }
    const summary = summarizeRun(db, getRun(db, submitted.runId)!);
    const alerts = pending.length > 0 ? [] : runAlerts(summary, config.alerts);
    const { budget } = budgetOf();
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...summary, batches: reports, pending_batches: pending, ...(budget ? { budget } : {}), alerts })}\n`);
    else {
      process.stdout.write(formatSummaryTable(summary, rubric.rubric));
      printBudget(budget);
    }
    if (budget?.left_for_budget) warn(batchBudgetContinueMessage(budget));
    if (pending.length > 0) {
      warn(`interrupted: ${pending.length} batches still running; \`cxqa batch collect --db ${flags.db}\` stores their results later`);
      return ExitCode.INTERRUPTED;
    }
    printAlerts(alerts, flags.json === true);
    const breached = alerts.length > 0;
    const failures = reports.some((r) => r.status === 'failed' || r.partial > 0 || r.failed > 0 || r.expiredRequests > 0) || submitted.invalid > 0;
    if (failures) warn(`some transcripts could not be scored; see \`cxqa batch status --db ${flags.db}\` and \`cxqa export --db ${flags.db} --run ${submitted.runId}\``);
    return breached ? ExitCode.GATE_FAILED : failures || submitted.leftForBudget > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  } finally {
    stop.dispose();
    try {
      await judge.close?.();
    } finally {
      lock.release();
      db.close();
    }
  }
}

/** The text lines of the `budget` block: what the period limits have left, and what the budget left out. */
function printBudget(budget: BatchBudgetReport | undefined): void {
  if (!budget) return;
  if (budget.left_for_budget) {
    process.stdout.write(`left for budget: ${budget.left_for_budget} transcripts not submitted (allowance $${budget.allowance_usd.toFixed(4)}, reserved $${budget.reserved_usd.toFixed(4)})\n`);
  }
  if (budget.period) process.stdout.write(`budget: ${batchPeriodText(budget.period)}\n`);
}

/** The usage error of `--mode batch` that needs no judge built (so `--dry-run --mode batch` reports it too): one openai:/anthropic: judge. */
export function assertBatchModeSupported(spec: string): void {
  if (parseKnownJudgeSpec(spec)?.kind !== 'model') throw unsupportedJudge(spec);
}

function unsupportedJudge(spec: string): UsageError {
  return new UsageError(`--mode batch needs one openai:<model> or anthropic:<model> judge, got "${spec}" (panels and offline judges run with --mode sync)`, 'BATCH_JUDGE_UNSUPPORTED');
}

function counts(r: SubmitBatchResult) {
  return {
    read: r.read,
    invalid: r.invalid,
    reused: r.reused,
    pending: r.pending,
    ...(r.skipped ? { skipped: r.skipped } : {}),
    ...(r.unselected ? { unselected: r.unselected } : {}),
    stored_now: r.storedNow,
    submitted: r.submitted,
    requests: r.requests,
    left_for_budget: r.leftForBudget,
  };
}
