import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { buildEvalSet, type BuildEvalSetStats } from '../calibrate/eval-set/build-eval-set.js';
import { LabelStats } from '../calibrate/import/label-stats.js';
import { sourceName } from '../transcript/read-jsonl.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { writeEvalSetTo } from './import-command.js';
import { openForReading } from './open-for-reading.js';
import { evalSetFromReviews } from '../review/eval-from-reviews.js';

interface BuildFlags {
  transcripts?: string;
  labels?: string;
  fromReviews?: boolean;
  db?: string;
  out?: string;
}

/** `cxqa eval …`: eval-set commands. */
export function evalCommand(): Command {
  const cmd = new Command('eval').description('Eval sets: transcripts with human labels, used to calibrate judges.');
  cmd.addCommand(
    new Command('build')
      .description(
        'Join a labels CSV (rater,transcript_id,criterion,value) onto a transcripts JSONL file and write an eval set; ' +
          'or, with --from-reviews --db PATH, turn the human decisions stored by `cxqa review decide` into one.',
      )
      .option('-t, --transcripts <file>', 'transcripts, one JSON object per line ("-" for stdin)')
      .option('-l, --labels <file>', 'CSV with header rater,transcript_id,criterion,value; one row per label')
      .option('--from-reviews', 'build from the human decisions in --db (one rater per reviewer, their latest value per criterion)')
      .option('--db <path>', 'database with human decisions (with --from-reviews)')
      .option('-o, --out <file>', 'write the eval set to this file instead of stdout')
      .addHelpText(
        'after',
        `
Values: numbers become numbers, an empty cell becomes null (not applicable), anything else stays text.
Transcripts without labels are left out (counted on stderr). --from-reviews: every transcript with a human
decision becomes an item, one rater per reviewer; use it with \`cxqa calibrate --eval\`.
Exit codes: 0 done · 2 usage error or bad CSV header (nothing done) · 3 finished, but some transcripts or
label rows were left out (each named on stderr with file, line and field).`,
      )
      .action(async (flags: BuildFlags) => {
        process.exitCode = await runBuild(flags);
      }),
  );
  return cmd;
}

async function runBuild(flags: BuildFlags): Promise<number> {
  if (flags.fromReviews) return runBuildFromReviews(flags);
  if (flags.db !== undefined) throw new UsageError('--db is for --from-reviews; with --transcripts and --labels no database is read', 'USAGE');
  if (flags.transcripts === undefined || flags.labels === undefined) {
    throw new UsageError('eval build needs --transcripts FILE and --labels FILE, or --from-reviews --db PATH', 'USAGE');
  }
  const transcripts = flags.transcripts;
  const labels = flags.labels;
  for (const [flag, path] of [['--transcripts', transcripts], ['--labels', labels]] as const) {
    if (path !== '-' && !existsSync(path)) throw new UsageError(`${flag} file not found: ${path}`, 'INPUT_NOT_FOUND');
  }
  if (labels === '-') throw new UsageError('--labels cannot be stdin', 'USAGE');
  const buildStats: BuildEvalSetStats = { unlabeled: 0, labelledIds: 0 };
  const labelStats = new LabelStats();
  const summary = await writeEvalSetTo(flags.out, buildEvalSet({ transcripts, labels }, buildStats), {
    file: sourceName(transcripts),
    onItem: (item) => labelStats.add(item),
  });
  warn(
    `wrote ${summary.written} eval items (${summary.skipped} transcripts skipped, ${summary.problems} label problems, ` +
      `${buildStats.unlabeled} transcripts without labels left out)`,
  );
  for (const line of labelStats.format()) warn(`  ${line}`);
  return summary.skipped > 0 || summary.problems > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

async function runBuildFromReviews(flags: BuildFlags): Promise<number> {
  if (flags.db === undefined) throw new UsageError('--from-reviews needs --db PATH: the database holding the decisions', 'USAGE');
  if (flags.transcripts !== undefined || flags.labels !== undefined) {
    throw new UsageError('--from-reviews reads transcripts and labels from --db; leave out --transcripts and --labels', 'USAGE');
  }
  const db = openForReading(flags.db);
  try {
    const labelStats = new LabelStats();
    const summary = await writeEvalSetTo(flags.out, evalSetFromReviews(db, flags.db), { file: flags.db, onItem: (item) => labelStats.add(item) });
    warn(`wrote ${summary.written} eval items from human decisions (${summary.skipped} transcripts skipped)`);
    for (const line of labelStats.format()) warn(`  ${line}`);
    return summary.skipped > 0 || summary.problems > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  } finally {
    db.close();
  }
}
