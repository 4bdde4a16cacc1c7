import { applyFits, type FitMode } from '../fit/apply-fits.js';
import { fitOption } from './fit-option.js';
import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { calibrate } from '../calibrate/calibrate-run.js';
import { UsageError } from '../error/cxqa-error.js';
import { failedGates } from '../calibrate/failed-gates.js';
import { formatCalibration } from './calibration-table.js';
import { loadRubricFile } from '../rubric/load.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { stackJudges } from '../judge/build-judge-stack.js';
import { addJudgeOptions, judgeStackOptions, selectCommandJudges, type JudgeCommandFlags } from './judge-flags.js';
import { parseNumberIn } from './parse-judge-options.js';
import { parsePositiveInt } from './parse-options.js';
import { openForWriting } from './take-writer-lock.js';
import { JudgeCacheRepository } from '../store/judge-cache-repository.js';

interface CalibrateFlags extends JudgeCommandFlags {
  fit: FitMode;
  eval: string;
  rubric: string;
  db: string;
  json?: boolean;
  minKappa?: number;
  minHumanRatio?: number;
  draws: number;
  concurrency: number;
  iterations: number;
  seed: number;
}

export function calibrateCommand(): Command {
  const cmd = new Command('calibrate')
    .description('Run a judge on a human-labelled eval set and measure its agreement with the people, per criterion.')
    .requiredOption('-e, --eval <file>', 'eval set: JSONL transcripts with human_labels')
    .requiredOption('-r, --rubric <file>', 'rubric YAML file')
    .option('--db <path>', 'SQLite database (verdicts are stored and reused like `score`)', 'cxqa.db')
    .option('--json', 'print one JSON object instead of tables')
    .addOption(
      new Option('--min-kappa <x>', 'gate: the lower 95% CI bound of kappa must reach this (a criterion\'s calibration.min_kappa wins)').argParser(
        parseNumberIn('--min-kappa', -1, 1),
      ),
    )
    .addOption(
      new Option(
        '--min-human-ratio <x>',
        "gate: the lower 95% CI bound of judge α / held-out-human α must reach this; 1 = as good as one more rater (a criterion's calibration.min_human_ratio wins)",
      ).argParser(parseNumberIn('--min-human-ratio', 0, 10)),
    )
    .addOption(new Option('--draws <n>', 'hold-out draws of the human baseline (items with 3+ raters)').default(20).argParser(parsePositiveInt('--draws')))
    .addOption(fitOption())
    .addOption(new Option('--concurrency <n>', 'transcripts judged at once').default(8).argParser(parsePositiveInt('--concurrency')))
    .addOption(new Option('--iterations <n>', 'bootstrap resamples for the 95% intervals').default(1000).argParser(parsePositiveInt('--iterations')))
    .addOption(new Option('--seed <n>', 'bootstrap seed (same seed, same intervals)').default(42).argParser(parsePositiveInt('--seed')));
  return addJudgeOptions(cmd)
    .addHelpText(
      'after',
      `
Per criterion with labels: n, prevalence, accuracy, kappa (quadratic-weighted for scales), Krippendorff's
alpha, UAR, Spearman and MAE for scales, each with a seeded bootstrap 95% CI; the human-vs-human alpha
among all raters when there are 2+; the held-out-human baseline on items with 3+ raters (one rater held out,
reference = median or majority of the others, the held-out rater and the judge each compared with that same
reference, --draws times; ratio = judge α / human α, 1.0 = as good as one more rater); the confusion matrix;
the ten largest disagreements.
Verdicts are stored through the scoring path, so it holds the database's writer lock like \`score\`.
Exit codes: 0 every gate passed (or none set) · 1 a gate failed · 2 usage or configuration error · 4 another
process is writing to the database (its pid, host and start time are named).`,
    )
    .action(async (flags: CalibrateFlags) => {
      process.exitCode = await runCalibrate(flags);
    });
}

async function runCalibrate(flags: CalibrateFlags): Promise<number> {
  if (!existsSync(flags.eval)) throw new UsageError(`eval set not found: ${flags.eval}`, 'INPUT_NOT_FOUND');
  const rubric = loadRubricFile(flags.rubric);
  const members = selectCommandJudges(flags, rubric);
  const { stack } = judgeStackOptions(flags);
  const { db, lock } = openForWriting(flags.db, 'calibrate');
  const judge = applyFits(stackJudges(members, { ...stack, cacheStore: new JudgeCacheRepository(db) }), db, rubric, flags.fit, warn);
  try {
    const report = await calibrate({
      db,
      onStarted: (runId) => lock.setRunId(runId),
      evalFile: flags.eval,
      rubric,
      judge,
      concurrency: flags.concurrency,
      iterations: flags.iterations,
      seed: flags.seed,
      draws: flags.draws,
      ...(flags.minHumanRatio !== undefined ? { minHumanRatio: flags.minHumanRatio } : {}),
      ...(flags.minKappa !== undefined ? { minKappa: flags.minKappa } : {}),
      onInvalid: (error) => warn(`skipped ${error.message}`),
    });
    if (Object.keys(report.criteria).length === 0) {
      throw new UsageError(`no criterion of ${flags.rubric} has human labels in ${flags.eval}`, 'CALIBRATE_NO_LABELS');
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(formatCalibration(report));
    const failed = failedGates(report);
    for (const message of failed) warn(`gate failed: ${message}`);
    return failed.length > 0 ? ExitCode.GATE_FAILED : ExitCode.OK;
  } finally {
    try {
      await judge.close?.();
    } finally {
      lock.release();
      db.close();
    }
  }
}
