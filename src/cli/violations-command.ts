import { Command, InvalidArgumentError, Option } from 'commander';
import { violationCsvRow, violationJsonl, violationsCsvHeader } from '../report/violations-format.js';
import type { Severity } from '../rubric/rule-schema.js';
import { queryFindings, SEVERITY_ORDER } from '../store/finding-queries.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';
import { OutputSink } from './io.js';

interface ViolationsFlags {
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
  return new Command('violations')
    .description('List governance findings (failed policy rules, injection suspects) with evidence, rubric, judge and run.')
    .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
    .addOption(new Option('--since <iso>', 'only findings recorded at or after this date-time').argParser(parseSince))
    .option('--rule <id>', 'only this criterion id or rule check (e.g. no_payment_card_numbers, sensitive_data, injection)')
    .addOption(new Option('--severity <level>', 'only findings of at least this severity').choices([...SEVERITY_ORDER]))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'jsonl']).makeOptionMandatory())
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (flags: ViolationsFlags) => {
      process.exitCode = await runViolations(flags);
    });
}

async function runViolations(flags: ViolationsFlags): Promise<number> {
  const db = openForReading(flags.db);
  try {
    const sink = new OutputSink(flags.out);
    if (flags.format === 'csv') await sink.write(violationsCsvHeader());
    const filter = {
      ...(flags.since !== undefined ? { since: flags.since } : {}),
      ...(flags.rule !== undefined ? { rule: flags.rule } : {}),
      ...(flags.severity !== undefined ? { severity: flags.severity } : {}),
    };
    for (const f of queryFindings(db, filter)) await sink.write(flags.format === 'csv' ? violationCsvRow(f) : violationJsonl(f));
    await sink.close();
    return ExitCode.OK;
  } finally {
    db.close();
  }
}
