import { Command, CommanderError } from 'commander';
import { CxqaError } from '../error/cxqa-error.js';
import { ConfigError } from '../config/load-config.js';
import { RubricError } from '../rubric/load.js';
import { EXIT_CODE_OF_CATEGORY, exitCategoryOf } from './exit-category.js';
import { ExitCode } from './exit-codes.js';
import { ERROR_PREFIX, reportError } from './io.js';
import { packageVersion } from '../shared/package-root.js';

/**
 * Every command, loaded when asked for: a run of one command loads its own modules only (`cxqa outcomes` does not
 * load the judges and their provider SDKs, about 50 MB of a report's memory).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  score: async () => (await import('./score-command.js')).scoreCommand(),
  calibrate: async () => (await import('./calibrate-command.js')).calibrateCommand(),
  fit: async () => (await import('./fit-command.js')).fitCommand(),
  export: async () => (await import('./export-command.js')).exportCommand(),
  outcomes: async () => (await import('./outcomes-command.js')).outcomesCommand(),
  rubric: async () => (await import('./rubric-command.js')).rubricCommand(),
  import: async () => (await import('./import-command.js')).importCommand(),
  pull: async () => (await import('./pull-command.js')).pullCommand(),
  eval: async () => (await import('./eval-command.js')).evalCommand(),
  violations: async () => (await import('./violations-command.js')).violationsCommand(),
  report: async () => (await import('./report-command.js')).reportCommand(),
  audit: async () => (await import('./audit-command.js')).auditCommand(),
  review: async () => (await import('./review-command.js')).reviewCommand(),
  batch: async () => (await import('./batch-command.js')).batchCommand(),
  merge: async () => (await import('./merge-command.js')).mergeCommand(),
  purge: async () => (await import('./purge-command.js')).purgeCommand(),
};

/** The program with every command, or (`only`: a command's name) with that one alone. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('cxqa')
    .description('AI-assisted QA review of customer-service conversations.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions();
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const cmd of await Promise.all(names.map((name) => COMMANDS[name]!()))) program.addCommand(cmd);
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
    const args = argv.filter((a) => a !== '--debug');
    // A known command name first loads that command alone; anything else (help, a typo) gets every command.
    await (await buildProgram(args[0])).parseAsync(args, { from: 'user' });
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
