import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { buildEvalSet, type BuildEvalSetStats } from '../calibrate/eval-set/build-eval-set.js';
import { LabelStats } from '../calibrate/import/label-stats.js';
import { sourceName } from '../transcript/read-jsonl.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { writeEvalSetTo } from './import-command.js';

interface BuildFlags {
  transcripts: string;
  labels: string;
  out?: string;
}

/** `cxqa eval …`: eval-set commands. */
export function evalCommand(): Command {
  const cmd = new Command('eval').description('Eval sets: transcripts with human labels, used to calibrate judges.');
  cmd.addCommand(
    new Command('build')
      .description('Join a labels CSV (rater,transcript_id,criterion,value) onto a transcripts JSONL file and write an eval set.')
      .requiredOption('-t, --transcripts <file>', 'transcripts, one JSON object per line ("-" for stdin)')
      .requiredOption('-l, --labels <file>', 'CSV with header rater,transcript_id,criterion,value; one row per label')
      .option('-o, --out <file>', 'write the eval set to this file instead of stdout')
      .addHelpText(
        'after',
        `
Values: numbers become numbers, an empty cell becomes null (not applicable), anything else stays text.
Transcripts without labels are left out (counted on stderr).
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
  for (const [flag, path] of [['--transcripts', flags.transcripts], ['--labels', flags.labels]] as const) {
    if (path !== '-' && !existsSync(path)) throw new UsageError(`${flag} file not found: ${path}`, 'INPUT_NOT_FOUND');
  }
  if (flags.labels === '-') throw new UsageError('--labels cannot be stdin', 'USAGE');
  const buildStats: BuildEvalSetStats = { unlabeled: 0, labelledIds: 0 };
  const labelStats = new LabelStats();
  const summary = await writeEvalSetTo(flags.out, buildEvalSet({ transcripts: flags.transcripts, labels: flags.labels }, buildStats), {
    file: sourceName(flags.transcripts),
    onItem: (item) => labelStats.add(item),
  });
  warn(
    `wrote ${summary.written} eval items (${summary.skipped} transcripts skipped, ${summary.problems} label problems, ` +
      `${buildStats.unlabeled} transcripts without labels left out)`,
  );
  for (const line of labelStats.format()) warn(`  ${line}`);
  return summary.skipped > 0 || summary.problems > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}
