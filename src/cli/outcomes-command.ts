import { Command, Option } from 'commander';
import { outcomeReport } from '../metrics/outcome-report.js';
import { formatOutcomesTable } from '../report/outcomes-table.js';
import { ExitCode } from './exit-codes.js';
import { findRun, openForReading } from './open-for-reading.js';
import { parsePositiveInt } from './parse-options.js';

interface OutcomesFlags {
  db: string;
  run?: string;
  json?: boolean;
  windowHours: number;
  resolution: string;
  csat: string;
  handoff: string;
}

export function outcomesCommand(): Command {
  return new Command('outcomes')
    .description(
      'Outcome metrics of a run: resolution next to deflection, repeat contact, true resolution, turns and minutes, ' +
        'survey CSAT next to Auto-CSAT, split by bot and human, hand-off quality, and per agent.',
    )
    .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
    .option('--run <id>', 'run id (default: the latest score run)')
    .option('--json', 'print one JSON object instead of tables')
    .addOption(new Option('--window-hours <n>', 'a later contact by the same customer within this many hours means not truly resolved').default(72).argParser(parsePositiveInt('--window-hours')))
    .option('--resolution <criterion>', 'category criterion with the outcome labels resolved / escalated / unresolved / abandoned', 'resolution')
    .option('--csat <criterion>', 'scale criterion predicting CSAT', 'auto_csat')
    .option('--handoff <criterion>', 'binary criterion judging hand-offs', 'handoff_quality')
    .addHelpText(
      'after',
      `
True resolution: judged "resolved" AND the same customer did not contact again within the window (any
conversation stored in the database counts, from this run or another). Bot only (contained): no human agent
wrote in the conversation. Survey CSAT is the customer's own answer (transcript.survey.csat), Auto-CSAT the judge's estimate.
Exit codes: 0 printed · 2 usage error (no database, no such run).`,
    )
    .action((flags: OutcomesFlags) => {
      process.exitCode = runOutcomes(flags);
    });
}

function runOutcomes(flags: OutcomesFlags): number {
  const db = openForReading(flags.db);
  try {
    const run = findRun(db, flags.db, flags.run);
    const report = outcomeReport(db, run.id, {
      windowHours: flags.windowHours,
      resolutionCriterion: flags.resolution,
      csatCriterion: flags.csat,
      handoffCriterion: flags.handoff,
    });
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : formatOutcomesTable(report));
    return ExitCode.OK;
  } finally {
    db.close();
  }
}
