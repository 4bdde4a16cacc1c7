import { fitCommand } from './fit-command.js';
import { Command, CommanderError } from 'commander';
import { CxqaError, UsageError } from '../error/cxqa-error.js';
import { RubricError } from '../rubric/load.js';
import { auditCommand } from './audit-command.js';
import { batchCommand } from './batch-command.js';
import { ExitCode } from './exit-codes.js';
import { evalCommand } from './eval-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { pullCommand } from './pull-command.js';
import { warn } from './io.js';
import { rubricCommand } from './rubric-command.js';
import { scoreCommand } from './score-command.js';
import { outcomesCommand } from './outcomes-command.js';
import { mergeCommand } from './merge-command.js';
import { DatabaseLockedError } from '../store/writer-lock.js';
import { calibrateCommand } from './calibrate-command.js';
import { violationsCommand } from './violations-command.js';
import { reviewCommand } from './review-command.js';
import { reportCommand } from './report-command.js';
import { packageVersion } from './package-version.js';

export function buildProgram(): Command {
  const program = new Command('cxqa')
    .description('AI-assisted QA review of customer-service conversations.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    // Each command's options are its own (\`audit verify --db X\` is verify's --db, not audit's).
    .enablePositionalOptions();
  for (const cmd of [scoreCommand(), calibrateCommand(), fitCommand(), exportCommand(), outcomesCommand(), rubricCommand(), importCommand(), pullCommand(), evalCommand(), violationsCommand(), reportCommand(), auditCommand(), reviewCommand(), batchCommand(), mergeCommand()]) program.addCommand(cmd);
  program.exitOverride();
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}


/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.OK;
  } catch (err) {
    return exitCodeFor(err);
  }
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander already printed the message (or the help / version text).
    return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  if (err instanceof RubricError) {
    for (const issue of err.issues) warn(issue.message);
    return ExitCode.USAGE;
  }
  if (err instanceof DatabaseLockedError) {
    warn(err.message);
    return ExitCode.LOCKED;
  }
  if (err instanceof UsageError || err instanceof CxqaError) {
    warn(err.message);
    return ExitCode.USAGE;
  }
  warn(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return 1;
}
