import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { fitCriterion, type FitOutcome } from '../fit/fit-criterion.js';
import { collectExamples, fromEvalSet, fromSurveys } from '../fit/fit-examples.js';
import { describeFit, fitKindFor } from '../fit/fit-model.js';
import { OFFLINE_JUDGE_NAME } from '../judge/offline/offline-judge.js';
import { loadRubricFile } from '../rubric/load.js';
import type { JudgedCriterion } from '../rubric/schema.js';
import { fitsById, storeFit } from '../store/fit-repository.js';
import { openDatabase, type Db } from '../store/open-database.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { stackJudges } from '../judge/build-judge-stack.js';
import { addJudgeOptions, judgeStackOptions, selectCommandJudges, type JudgeCommandFlags } from './judge-flags.js';
import { parsePositiveInt } from './parse-options.js';
import { openForWriting } from './take-writer-lock.js';
import { JudgeCacheRepository } from '../store/judge-cache-repository.js';

interface FitFlags extends JudgeCommandFlags {
  rubric: string;
  criterion: string;
  eval?: string;
  fromSurveys?: boolean;
  db?: string;
  folds: number;
  seed: number;
  json?: boolean;
}

export function fitCommand(): Command {
  const cmd = new Command('fit')
    .description("Learn a small, transparent model from a judge's output to your people's labels (eval set or survey CSAT) for one criterion.")
    .requiredOption('-r, --rubric <file>', 'rubric YAML file')
    .requiredOption('-c, --criterion <id>', 'the criterion to fit, e.g. auto_csat or resolution')
    .option('-e, --eval <file>', 'labels: an eval set (JSONL transcripts with human_labels)')
    .option('--from-surveys', 'labels: survey CSAT of the transcripts stored in --db (scale criteria)')
    .option('--db <path>', 'SQLite database: the fit is stored here (versioned) and used by score and calibrate on it')
    .addOption(new Option('--folds <k>', 'cross-validation folds').default(5).argParser(parsePositiveInt('--folds')))
    .addOption(new Option('--seed <n>', 'seed of the fold split and the baseline draws').default(42).argParser(parsePositiveInt('--seed')))
    .option('--json', 'print one JSON object');
  return addJudgeOptions(cmd)
    .addHelpText(
      'after',
      `
Offline judge: ridge regression on its signals for scales (learning the mean of the raters; the penalty chosen by
5-fold cross-validation inside the labels; cut points chosen for agreement), class-balanced logistic regression
for categories.
Other judges: an isotonic map from the judge's value to the label scale (scales) or a relabelling (categories).
Prints k-fold cross-validated agreement before and after, beside the held-out-human baseline (3+ raters).
With --db the model is stored as a new version; score and calibrate on that database use the latest fit for the
rubric, criterion and judge (--fit none turns it off). The fit is part of the judge's name and fingerprint, so
fitted results are stored apart and earlier results stay.
Refuses (exit 2, nothing stored) with fewer than 30 labels, or when the fit does not beat the unfitted judge.
Exit codes: 0 fitted · 2 usage error or refused · 4 another process is writing to the database.`,
    )
    .action(async (flags: FitFlags) => {
      process.exitCode = await runFit(flags);
    });
}

async function runFit(flags: FitFlags): Promise<number> {
  if (!flags.eval === !flags.fromSurveys) throw new UsageError('give exactly one label source: --eval FILE or --from-surveys --db PATH', 'FIT_NO_SOURCE');
  if (flags.fromSurveys && !flags.db) throw new UsageError('--from-surveys reads the transcripts stored in --db PATH: give --db', 'FIT_NO_SOURCE');
  if (flags.eval && !existsSync(flags.eval)) throw new UsageError(`eval set not found: ${flags.eval}`, 'INPUT_NOT_FOUND');
  if (flags.fromSurveys && !existsSync(flags.db!)) throw new UsageError(`database not found: ${flags.db}`, 'DB_NOT_FOUND');
  const rubric = loadRubricFile(flags.rubric);
  const criterion = rubric.rubric.criteria.find((c) => c.id === flags.criterion);
  if (!criterion) throw new UsageError(`no criterion "${flags.criterion}" in ${flags.rubric} (criteria: ${rubric.rubric.criteria.map((c) => c.id).join(', ')})`, 'FIT_UNKNOWN_CRITERION');
  if (criterion.kind === 'rule' || criterion.kind === 'binary') {
    throw new UsageError(`${criterion.id} is a ${criterion.kind} criterion: fit learns scale and category criteria`, 'FIT_UNSUPPORTED_CRITERION');
  }
  const members = selectCommandJudges(flags, rubric);
  const { stack } = judgeStackOptions(flags);
  let db: Db;
  let release = () => {};
  if (flags.db) {
    const opened = openForWriting(flags.db, 'fit');
    db = opened.db;
    release = () => opened.lock.release();
  } else {
    db = openDatabase(':memory:');
  }
  const judge = stackJudges(members, { ...stack, cacheStore: new JudgeCacheRepository(db) });
  try {
    const source = flags.eval ? fromEvalSet(flags.eval, criterion, (e) => warn(`skipped ${e.message}`)) : fromSurveys(db, criterion);
    const collected = await collectExamples(source, criterion as JudgedCriterion, judge, rubric);
    const offline = judge.name === OFFLINE_JUDGE_NAME;
    const kind = fitKindFor(criterion, offline);
    const outcome = fitCriterion(criterion, kind, collected.examples, {
      folds: flags.folds,
      seed: flags.seed,
      ...(collected.raters ? { raters: collected.raters } : {}),
    });
    const sourceName = flags.eval ? `eval:${flags.eval}` : `surveys:${flags.db}`;
    let stored: { id: number; key: string } | null = null;
    if (!outcome.refused && flags.db) {
      const fitId = storeFit(db, {
        rubricId: rubric.rubric.id,
        criterionId: criterion.id,
        judge: judge.name,
        judgeFingerprint: judge.fingerprint,
        source: sourceName,
        labels: outcome.n,
        model: outcome.model!,
        cv: summary(outcome),
      });
      const fit = fitsById(db, [fitId])[0]!;
      stored = { id: fit.id, key: fit.key };
    }
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ criterion: criterion.id, judge: judge.name, source: sourceName, fit_id: stored?.id ?? null, fit_key: stored?.key ?? null, skipped: collected.skipped, ...summary(outcome), model: outcome.model })}\n`);
    } else {
      process.stdout.write(formatFit(criterion.id, judge.name, sourceName, outcome, stored, flags.db));
    }
    if (outcome.refused) {
      warn(`fit refused (${outcome.refused.code}): ${outcome.refused.reason}`);
      return ExitCode.USAGE;
    }
    return ExitCode.OK;
  } finally {
    try {
      await judge.close?.();
    } finally {
      release();
      db.close();
    }
  }
}

/** What fit measured, as printed by --json and stored beside the model. */
function summary(o: FitOutcome) {
  return {
    kind: o.kind,
    labels: o.n,
    cv: o.cv ? { folds: o.cv.folds, seed: o.cv.seed, statistic: o.cv.statistic, before: o.cv.before, after: o.cv.after } : null,
    human_baseline: o.baseline
      ? {
          human_alpha: o.baseline.before.alpha,
          before: { judge_alpha: o.baseline.before.judge_alpha, ratio: o.baseline.before.ratio },
          after: { judge_alpha: o.baseline.after.judge_alpha, ratio: o.baseline.after.ratio },
          draws: o.baseline.before.draws,
          items: o.baseline.before.items,
        }
      : null,
    refused: o.refused,
  };
}

function formatFit(criterion: string, judge: string, source: string, o: FitOutcome, stored: { id: number; key: string } | null, dbPath: string | undefined): string {
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(2));
  const lines = [`fit ${criterion} for ${judge} on ${o.n} labels from ${source} (${o.kind})`];
  if (o.cv) {
    lines.push(
      `${o.cv.folds}-fold cross-validated agreement with the human reference (seed ${o.cv.seed}):`,
      `  unfitted  α ${n(o.cv.before.alpha)}  κ ${n(o.cv.before.kappa)}${o.cv.before.weighted_kappa !== null ? `  QWK ${n(o.cv.before.weighted_kappa)}` : ''}`,
      `  fitted    α ${n(o.cv.after.alpha)}  κ ${n(o.cv.after.kappa)}${o.cv.after.weighted_kappa !== null ? `  QWK ${n(o.cv.after.weighted_kappa)}` : ''}`,
    );
  }
  if (o.baseline) {
    const b = o.baseline;
    lines.push(
      `held-out human (${b.before.items} items with 3+ raters, ${b.before.draws} draws): α ${n(b.before.alpha)}; judge α ${n(b.before.judge_alpha)} → ${n(b.after.judge_alpha)} fitted: reaches ${n(b.before.ratio)} → ${n(b.after.ratio)} of one more human`,
    );
  } else {
    lines.push('held-out human: no item with 3 or more raters, no baseline');
  }
  if (o.model) lines.push(`model: ${describeFit(o.model)}`);
  if (o.refused) lines.push(`refused: ${o.refused.reason}`);
  else if (stored !== null) lines.push(`stored as fit ${stored.key} (#${stored.id}) in ${dbPath}: score and calibrate on this database now use it for ${criterion} (--fit none to turn it off)`);
  else lines.push('not stored (no --db)');
  return `${lines.join('\n')}\n`;
}
