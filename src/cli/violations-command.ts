import { Command, InvalidArgumentError, Option } from 'commander';
import { violationCsvRow, violationJsonl, violationsCsvHeader } from '../report/violations-format.js';
import type { Severity } from '../rubric/rule-schema.js';
import { UsageError } from '../error/cxqa-error.js';
import { closestKey } from '../rubric/known-keys.js';
import { resolvePeriodRubric } from '../store/evaluation-selection.js';
import { knownRuleIds, queryFindings, SEVERITY_ORDER, type FindingFilter } from '../store/finding-queries.js';
import type { Db } from '../store/open-database.js';
import { ExitCode } from './exit-codes.js';
import { findRun, openForReading } from './open-for-reading.js';
import { OutputSink } from './io.js';
import { addPeriodOptions, rubricIdOf, type PeriodFlags } from './period-flags.js';

interface ViolationsFlags extends PeriodFlags {
  db: string;
  since?: string;
  rule?: string;
  severity?: Severity;
  format: 'csv' | 'jsonl';
  out?: string;
}

/** `--since`: any ISO 8601 date or date-time, normalised to UTC for comparison with stored times. */
export function parseSince(value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`--since takes an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z, got "${value}"`);
  return new Date(ms).toISOString();
}

export function violationsCommand(): Command {
  return addPeriodOptions(
    new Command('violations')
      .description(
        'List governance findings (failed policy rules, injection suspects) with evidence, conversation date, agent, rubric, judge and run: ' +
          'one per transcript content and rule (a new rubric version finding the same breach again is not counted twice); calibrate runs never count.',
      )
      .requiredOption('--db <path>', 'SQLite database written by `cxqa score`'),
    'findings',
    'every finding',
  )
    .addOption(new Option('--since <iso>', 'only findings recorded at or after this date-time').argParser(parseSince))
    .option('--rule <id>', 'only this criterion id or rule check (e.g. no_payment_card_numbers, sensitive_data, injection); an unknown one is an error')
    .addOption(new Option('--severity <level>', 'only findings of at least this severity').choices([...SEVERITY_ORDER]))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'jsonl']).makeOptionMandatory())
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nExit codes: 0 printed (an empty list too) · 2 usage error (no database, unknown --rule, --run or --rubric, bad date).')
    .action(async (flags: ViolationsFlags) => {
      process.exitCode = await runViolations(flags);
    });
}

async function runViolations(flags: ViolationsFlags): Promise<number> {
  const db = openForReading(flags.db);
  try {
    const filter = filterFromFlags(db, flags);
    const sink = new OutputSink(flags.out);
    if (flags.format === 'csv') await sink.write(violationsCsvHeader());
    for (const f of queryFindings(db, filter)) await sink.write(flags.format === 'csv' ? violationCsvRow(f) : violationJsonl(f));
    await sink.close();
    return ExitCode.OK;
  } finally {
    db.close();
  }
}

function filterFromFlags(db: Db, flags: ViolationsFlags): FindingFilter {
  if (flags.run !== undefined && flags.rubric !== undefined) {
    throw new UsageError('--run and --rubric exclude each other: a run has one rubric', 'PERIOD_CONFLICT');
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) {
    throw new UsageError(`--from ${flags.from} is after --to ${flags.to}: the period is empty`, 'PERIOD_EMPTY');
  }
  if (flags.rule !== undefined) {
    const known = knownRuleIds(db);
    if (!known.includes(flags.rule)) {
      const near = closestKey(flags.rule, known);
      throw new UsageError(
        `unknown --rule "${flags.rule}"${near ? ` (did you mean "${near}"?)` : ''}; rules in ${flags.db}: ${known.join(', ')}`,
        'RULE_NOT_FOUND',
      );
    }
  }
  return {
    distinct: true,
    ...(flags.since !== undefined ? { since: flags.since } : {}),
    ...(flags.rule !== undefined ? { rule: flags.rule } : {}),
    ...(flags.severity !== undefined ? { severity: flags.severity } : {}),
    ...(flags.run !== undefined ? { runId: findRun(db, flags.db, flags.run).id } : {}),
    ...(flags.rubric !== undefined ? { rubricId: resolvePeriodRubric(db, flags.db, rubricIdOf(flags.rubric)) } : {}),
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
  };
}
