import { applyFits, type FitMode } from '../fit/apply-fits.js';
import { fitOption } from './fit-option.js';
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { Budget } from '../judge/budget/budget.js';
import type { Judge } from '../judge/judge.js';
import { assertBudgetPrices, stackJudges } from '../judge/build-judge-stack.js';
import { budgetContinueMessage, budgetLimitText, budgetReport, periodSpendText, withBudgetReport, type BudgetSetting } from './budget-report.js';
import { periodStarts, runAllowance } from '../judge/budget/period-budget.js';
import { spentSince } from '../store/spend-queries.js';
import { printDryRun } from './dry-run-output.js';
import { parseUsd } from './parse-usd.js';
import { loadRubricFile } from '../rubric/load.js';
import { summarizeRun } from '../report/run-summary.js';
import { formatSummaryTable } from '../report/summary-table.js';
import { scoreRun } from '../run/score-run.js';
import { finishRun, getRun } from '../store/run-repository.js';
import { isOfflineJudgeName, panelMembers } from '../judge/judge-spec.js';
import type { StartedRun } from '../run/score-run.js';
import { addNightlyOptions, nightlyRunOptions, selectionFrom, type NightlyFlags } from './nightly-flags.js';
import { startScoreProgress } from './score-progress.js';
import { openForWriting } from './take-writer-lock.js';
import { printAlerts, runAlerts } from '../alerts/report-alerts.js';
import { runDrift } from '../report/run-drift.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { handleStopSignals } from './stop-signals.js';
import { parseNonNegativeNumber, parsePositiveInt } from './parse-options.js';
import { addReadLimitOptions, readLimitsFrom, type ReadLimitFlags } from './read-limit-flags.js';
import { addBatchModeOptions, type BatchModeFlags } from './batch-flags.js';
import { assertBatchModeSupported, runBatchScore } from './batch-score.js';
import { addJudgeOptions, judgeSpec, judgeStackOptions, selectCommandJudges, type JudgeCommandFlags } from './judge-flags.js';
import { JudgeCacheRepository } from '../store/judge-cache-repository.js';

const MAX_PRINTED_ERRORS = 20;

interface ScoreFlags extends JudgeCommandFlags, BatchModeFlags, NightlyFlags, ReadLimitFlags {
  fit: FitMode;
  input: string;
  rubric: string;
  db: string;
  json?: boolean;
  concurrency: number;
  maxCost?: number;
  dryRun?: boolean;
  stopGrace?: number;
}

/** Seconds work in flight may go on after SIGINT/SIGTERM before its requests are aborted. */
const DEFAULT_STOP_GRACE_SECONDS = 15;

export function scoreCommand(): Command {
  const cmd = new Command('score')
    .description('Score every transcript of a JSONL file against a rubric and store the results.')
    .requiredOption('-i, --input <file>', 'transcripts, one JSON object per line ("-" for stdin)')
    .requiredOption('-r, --rubric <file>', 'rubric YAML file')
    .option('--db <path>', 'SQLite database to write', 'cxqa.db')
    .option('--json', 'print the run summary as one JSON object instead of a table')
    .addOption(fitOption())
    .addOption(new Option('--concurrency <n>', 'transcripts judged at once').default(8).argParser(parsePositiveInt('--concurrency')))
    .addOption(
      new Option('--max-cost <usd>', 'stop calling paid judges before spending more than this many USD; what is left is reported as not scheduled (budget)').argParser(
        parseUsd('--max-cost'),
      ),
    )
    .addOption(
      new Option('--stop-grace <seconds>', `after SIGINT/SIGTERM, how long requests in flight may finish before they are aborted (default ${DEFAULT_STOP_GRACE_SECONDS})`).argParser(
        parseNonNegativeNumber('--stop-grace'),
      ),
    )
    .option('--dry-run', 'estimate tokens and cost per transcript (with --mode batch: at the batch API price, half the list price); call no judge and write nothing');
  return addBatchModeOptions(addJudgeOptions(addNightlyOptions(addReadLimitOptions(cmd))))
    .addHelpText(
      'after',
      `
Exit codes: 0 all scored · 1 an alert threshold (\`alerts:\` in the config) was breached: one JSON line
per breach on stdout; wins over 3 · 2 usage or configuration error (nothing done) · 3 finished, but some
transcripts could not be scored (each is recorded with its reason; see \`cxqa export\`), or --max-cost was
reached: the transcripts left are counted as not scheduled (budget) (\`transcripts.not_scheduled_budget\`
and \`budget\` in --json), not as failed; re-run with a higher --max-cost to continue · 4 another
process is writing to the database (its pid, host and start time are named) · 130 interrupted (SIGINT or
SIGTERM): what finished is stored; run the same command again to resume.
Re-running the same input with the same rubric, judge and judge settings reuses stored results instead of
redoing them, so a killed or interrupted run resumes where it stopped. --since, --sample, --shard, --fit,
--rejudge, store.text and the budget work with --mode batch too; there the budget reserves each transcript's
dry-run estimate at submission and stops submitting when the next one would exceed it (exit 3, counted as
left_for_budget; the same command submits the rest later).`,
    )
    .action(async (flags: ScoreFlags) => {
      process.exitCode = await runScore(flags);
    });
}

async function runScore(flags: ScoreFlags): Promise<number> {
  if (flags.input !== '-' && !existsSync(flags.input)) throw new UsageError(`input file not found: ${flags.input}`, 'INPUT_NOT_FOUND');
  const rubric = loadRubricFile(flags.rubric);
  const { config, stack } = judgeStackOptions(flags);
  const batch = flags.mode === 'batch';
  // What --mode batch cannot do is refused before anything else, --dry-run included.
  if (batch) assertBatchModeSupported(judgeSpec(flags, rubric));
  if (flags.dryRun) {
    // No judge is built (so no API key is needed): members are priced by their spec, `provider:model`.
    return printDryRun({ input: flags.input, readLimits: readLimitsFrom(flags), rubric, members: panelMembers(judgeSpec(flags, rubric)), prices: stack.prices, json: flags.json === true, batch });
  }
  if (batch) return runBatchScore(flags, rubric, config, stack);
  const members = selectCommandJudges(flags, rubric);
  const periodLimits = config.budget;
  // Before the database is created: a budget needs every paid member's price.
  if (flags.maxCost !== undefined) assertBudgetPrices(members, stack.prices);
  if (periodLimits) assertBudgetPrices(members, stack.prices, 'budget: in cxqa.config.yaml');
  const { db, lock } = openForWriting(flags.db, 'score');
  const starts = periodStarts(new Date());
  const before = periodLimits ? { today_usd: spentSince(db, starts.day), month_usd: spentSince(db, starts.month) } : { today_usd: 0, month_usd: 0 };
  const allowance = runAllowance(flags.maxCost, periodLimits, before);
  const budget = allowance ? new Budget(allowance.limitUsd) : undefined;
  const budgetSetting = (): BudgetSetting => ({
    maxCostUsd: flags.maxCost,
    spentUsd: budget?.spent ?? 0,
    ...(periodLimits && allowance ? { period: { limits: periodLimits, before, limitedBy: allowance.limitedBy } } : {}),
  });
  if (periodLimits && allowance && allowance.limitedBy !== 'max_cost' && allowance.limitUsd === 0 && members.some((m) => !isOfflineJudgeName(m.name))) {
    const period = periodSpendText(budgetReport(budgetSetting(), 0).period!);
    warn(`${allowance.limitedBy} budget already spent (${period}): paid judge calls are refused in this run`);
  }
  const judge = applyFits(stackJudges(members, { ...stack, ...(budget ? { budget } : {}), cacheStore: new JudgeCacheRepository(db) }), db, rubric, flags.fit, warn);
  let started: StartedRun | undefined;
  const graceSeconds = flags.stopGrace ?? DEFAULT_STOP_GRACE_SECONDS;
  const stop = handleStopSignals({
    message: (sig) =>
      `${sig}: no new transcripts will be started; finishing those in flight (up to ${graceSeconds} s, then their requests are aborted; press again to quit at once)`,
    graceMs: graceSeconds * 1000,
    abortMessage: `grace period of ${graceSeconds} s over: aborting the requests in flight (those transcripts are not stored; the next run does them)`,
    beforeExit: () => {
      // Second signal: store what is buffered, mark the run, free the lock, quit without waiting.
      started?.flush();
      if (started) finishRun(db, started.runId, 'interrupted');
      lock.release();
    },
  });
  let printed = 0;
  let hidden = 0;
  const progress = startScoreProgress({
    input: flags.input,
    quiet: flags.quiet === true,
    withCost: members.some((m) => !isOfflineJudgeName(m.name)),
    ...(flags.progressInterval !== undefined ? { intervalSeconds: flags.progressInterval } : {}),
  });
  try {
    const selection = selectionFrom(flags);
    const result = await scoreRun({
      db,
      input: flags.input,
      rubric,
      judge,
      concurrency: flags.concurrency,
      readLimits: readLimitsFrom(flags),
      signal: stop.signal,
      abortSignal: stop.abortInFlight,
      ...(flags.rejudge ? { rejudge: true } : {}),
      ...(config.store ? { storeText: config.store.text } : {}),
      ...(flags.since ? { since: flags.since } : {}),
      ...(selection ? { selection } : {}),
      onStarted: (run) => {
        started = run;
        lock.setRunId(run.runId);
      },
      onProgress: (p) => progress.update(p),
      options: {
        ...nightlyRunOptions(flags),
        cache: flags.cache,
        ...(flags.rejudge ? { rejudge: true } : {}),
        ...(flags.maxCost !== undefined ? { max_cost: flags.maxCost } : {}),
        ...promptTemplateOption(members),
      },
      onInvalid: (error) => {
        if (printed < MAX_PRINTED_ERRORS) {
          warn(`skipped ${error.message}`);
          printed += 1;
        } else hidden += 1;
      },
    });
    progress.stop();
    if (hidden > 0) warn(`… and ${hidden} more invalid lines (all recorded in ${flags.db}, table run_items)`);
    const runSummary = summarizeRun(db, getRun(db, result.runId)!);
    // With --max-cost, transcripts the budget refused are neither scored nor failed: counted apart.
    const budgeted = budget ? withBudgetReport(db, runSummary, budgetSetting()) : undefined;
    const summary = { ...(budgeted ?? runSummary), drift: runDrift(db, getRun(db, result.runId)!, runSummary, config.alerts?.drift_psi_max) };
    const alerts = result.interrupted ? [] : runAlerts(summary, config.alerts);
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...summary, alerts })}\n`);
    else {
      process.stdout.write(formatSummaryTable(summary, rubric.rubric));
      const drift = summary.drift;
      if (drift.flagged.length > 0) {
        process.stdout.write(
          `drift against ${drift.against_run}: ${drift.flagged.map((id) => `${id} (PSI ${drift.criteria[id]!.psi})`).join(', ')} — PSI ≥ ${drift.threshold}\n`,
        );
      }
      if (budgeted?.budget.not_scheduled) {
        process.stdout.write(`not scheduled (budget): ${budgeted.budget.not_scheduled} transcripts (${budgetLimitText(budgeted.budget)}, spent $${budgeted.budget.spent_usd.toFixed(4)})\n`);
      }
      if (budgeted?.budget.period) process.stdout.write(`budget: ${periodSpendText(budgeted.budget.period)}\n`);
    }
    if (budgeted?.budget.not_scheduled) warn(budgetContinueMessage(budgeted.budget));
    if (result.interrupted) {
      warn(
        `interrupted: run ${result.runId} stored what was finished; to resume, run the same command again ` +
          `(stored results are reused and judge answers already paid for come from the judge cache)`,
      );
      return ExitCode.INTERRUPTED;
    }
    // Alerts win over partial failures: exit 1 tells cron a threshold was breached (3 alone means "re-run").
    printAlerts(alerts, flags.json === true);
    const breached = alerts.length > 0;
    const t = summary.transcripts;
    if (t.read === 0) warn(`${flags.input === '-' ? 'standard input' : flags.input} holds no transcripts: nothing was scored`);
    if (t.failed > 0 || t.partial > 0) {
      warn(`${t.failed} transcripts could not be scored and ${t.partial} were scored only in part; see \`cxqa export --db ${flags.db} --run ${result.runId}\``);
    }
    const incomplete = t.failed > 0 || t.partial > 0 || (budgeted?.budget.not_scheduled ?? 0) > 0;
    return breached ? ExitCode.GATE_FAILED : incomplete ? ExitCode.PARTIAL : ExitCode.OK;
  } finally {
    progress.stop();
    stop.dispose();
    await judge.close?.();
    lock.release();
    db.close();
  }
}

/** The prompt template hash of the model judges in the run, kept with the run for audits. */
function promptTemplateOption(members: readonly Judge[]): { prompt_template_hash?: string } {
  const hashes = [...new Set(members.map((m) => m.promptTemplateHash).filter((h): h is string => h !== undefined))];
  return hashes.length > 0 ? { prompt_template_hash: hashes.join(',') } : {};
}
