import { Command, Option } from 'commander';
import { outcomeReport } from '../metrics/outcome-report.js';
import { formatOutcomesTable } from '../report/outcomes-table.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';
import { parsePositiveInt } from './parse-options.js';
import { addPeriodOptions, parsePeriodBound, selectionFromFlags, type PeriodFlags } from './period-flags.js';

interface OutcomesFlags extends PeriodFlags {
  db: string;
  asOf?: string;
  json?: boolean;
  windowHours: number;
  resolution: string;
  csat: string;
  handoff: string;
}

export function outcomesCommand(): Command {
  return addPeriodOptions(
    new Command('outcomes')
      .description(
        'Outcome metrics of a run or a period: resolution next to deflection, repeat contact, true resolution, turns and minutes, ' +
          'survey CSAT next to Auto-CSAT, split by bot and human, hand-off quality, and per agent.',
      )
      .requiredOption('--db <path>', 'SQLite database written by `cxqa score`'),
    'outcomes',
  )
    .option('--json', 'print one JSON object instead of tables')
    .addOption(new Option('--window-hours <n>', 'a later contact by the same customer within this many hours means not truly resolved').default(72).argParser(parsePositiveInt('--window-hours')))
    .addOption(new Option('--as-of <date>', 'report as of this time (default now): windows still open then are pending').argParser(parsePeriodBound('--from')))
    .option('--resolution <criterion>', 'category criterion with the outcome labels resolved / escalated / unresolved / abandoned', 'resolution')
    .option('--csat <criterion>', 'scale criterion predicting CSAT', 'auto_csat')
    .option('--handoff <criterion>', 'binary criterion judging hand-offs', 'handoff_quality')
    .addHelpText(
      'after',
      `
True resolution: judged "resolved" AND the same customer did not contact again within the window on the
same intent (where both conversations have one; any scored conversation counts, from this run or another;
eval transcripts from \`calibrate\` never do) AND the window has closed. Resolved with the window still open is
"pending" (counted apart). A period (--rubric/--from/--to) combines every score run of the rubric, latest
evaluation per transcript. Bot only (contained): no human agent
wrote in the conversation. Survey CSAT is the customer's own answer (transcript.survey.csat), Auto-CSAT the judge's estimate.
Exit codes: 0 printed · 2 usage error (no database, no such run or rubric, no such resolution criterion).`,
    )
    .action((flags: OutcomesFlags) => {
      process.exitCode = runOutcomes(flags);
    });
}

function runOutcomes(flags: OutcomesFlags): number {
  const db = openForReading(flags.db);
  try {
    const report = outcomeReport(db, selectionFromFlags(db, flags.db, flags), {
      ...(flags.asOf !== undefined ? { asOf: new Date(flags.asOf) } : {}),
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
