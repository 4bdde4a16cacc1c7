import { fitCommand } from './fit-command.js';
import { Command, CommanderError } from 'commander';
import { CxqaError } from '../error/cxqa-error.js';
import { ConfigError } from '../config/load-config.js';
import { RubricError } from '../rubric/load.js';
import { EXIT_CODE_OF_CATEGORY, exitCategoryOf } from './exit-category.js';
import { auditCommand } from './audit-command.js';
import { batchCommand } from './batch-command.js';
import { ExitCode } from './exit-codes.js';
import { evalCommand } from './eval-command.js';
import { exportCommand } from './export-command.js';
import { importCommand } from './import-command.js';
import { pullCommand } from './pull-command.js';
import { ERROR_PREFIX, reportError } from './io.js';
import { rubricCommand } from './rubric-command.js';
import { scoreCommand } from './score-command.js';
import { outcomesCommand } from './outcomes-command.js';
import { mergeCommand } from './merge-command.js';
import { purgeCommand } from './purge-command.js';
import { calibrateCommand } from './calibrate-command.js';
import { violationsCommand } from './violations-command.js';
import { reviewCommand } from './review-command.js';
import { reportCommand } from './report-command.js';
import { packageVersion } from '../shared/package-root.js';

export function buildProgram(): Command {
  const program = new Command('cxqa')
    .description('AI-assisted QA review of customer-service conversations.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    // Each command's options are its own (\`audit verify --db X\` is verify's --db, not audit's).
    .enablePositionalOptions();
  for (const cmd of [scoreCommand(), calibrateCommand(), fitCommand(), exportCommand(), outcomesCommand(), rubricCommand(), importCommand(), pullCommand(), evalCommand(), violationsCommand(), reportCommand(), auditCommand(), reviewCommand(), batchCommand(), mergeCommand(), purgeCommand()]) program.addCommand(cmd);
  // Commander's own messages ("error: unknown option '--x'") start like cxqa's: `cxqa: error: ...`.
  const output = { outputError: (text: string, write: (s: string) => void) => write(`cxqa: ${text}`) };
  const configure = (cmd: Command) => {
    cmd.exitOverride();
    cmd.configureOutput(output);
    cmd.commands.forEach(configure);
  };
  configure(program);
  program.addHelpText(
    'after',
    `
Exit codes: 0 done · 1 a gate or alert failed · 2 usage or configuration error, nothing done · 3 finished, some
work not scored (re-run) · 4 another process writes to the database · 70 internal error (add --debug for the
stack) · 130 interrupted. Each command's --help lists the codes it uses.`,
  );
  return program;
}


/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  // --debug anywhere on the line: an internal error prints its stack.
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync(
      argv.filter((a) => a !== '--debug'),
      { from: 'user' },
    );
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.OK;
  } catch (err) {
    return exitCodeFor(err, debug);
  }
}

/** The exit code for an error that reached the top, after printing it as `cxqa: error: ...` lines. */
export function exitCodeFor(err: unknown, debug = false): number {
  if (err instanceof CommanderError) {
    // Commander already printed the message (or the help / version text).
    return err.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  if (isBrokenPipe(err)) return ExitCode.OK; // the reader went away (`| head -1`): nothing left to say
  if (err instanceof RubricError || err instanceof ConfigError) {
    for (const issue of err.issues) reportError(issue.message);
    return EXIT_CODE_OF_CATEGORY[exitCategoryOf(err.code)];
  }
  if (err instanceof CxqaError) {
    reportError(err.message);
    return EXIT_CODE_OF_CATEGORY[exitCategoryOf(err.code)];
  }
  const message = err instanceof Error ? err.message : String(err);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${ERROR_PREFIX}internal error: ${err.stack}\n`);
  else reportError(`internal error: ${message.split('\n')[0]} (a bug in cxqa; run again with --debug for the stack)`);
  return ExitCode.INTERNAL;
}

/** Writing to a pipe whose reader has closed it. */
export function isBrokenPipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EPIPE';
}
