import { Command, Option } from 'commander';
import { exportRecords } from '../report/export-records.js';
import { csvHeader, toCsvRows, toJsonl, type ExportFormat } from '../report/export-format.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';
import { OutputSink } from './io.js';
import { addPeriodOptions, selectionFromFlags, type PeriodFlags } from './period-flags.js';

interface ExportFlags extends PeriodFlags {
  db: string;
  format: ExportFormat;
  out?: string;
  disputed?: boolean;
}

export function exportCommand(): Command {
  return addPeriodOptions(
    new Command('export')
      .description(
        'Print stored results: one JSON line per transcript, or one CSV row per criterion — of one run, or of a period ' +
          '(--rubric/--from/--to: every score run of a rubric combined, the latest evaluation per transcript).',
      )
      .requiredOption('--db <path>', 'SQLite database written by `cxqa score`'),
    'results',
  )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl', 'csv']).makeOptionMandatory())
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--disputed', 'only transcripts with a criterion a judge panel disputed')
    .addHelpText(
      'after',
      `
A period (--rubric and/or --from/--to on the conversation date) combines every score run of the rubric, the
latest evaluation per transcript; calibrate runs never count. Human decisions (\`cxqa review decide\`) win over
judges. Unverified evidence quotes are marked: "verified": false in JSONL, [unverified] in CSV.
Exit codes: 0 printed (also when the reader of a pipe stops early) · 2 usage error (no database, no such run or rubric, bad date).`,
    )
    .action(async (flags: ExportFlags) => {
      process.exitCode = await runExport(flags);
    });
}

async function runExport(flags: ExportFlags): Promise<number> {
  const db = openForReading(flags.db);
  try {
    const selection = selectionFromFlags(db, flags.db, flags);
    const sink = new OutputSink(flags.out);
    if (flags.format === 'csv') await sink.write(csvHeader());
    for (const record of exportRecords(db, selection)) {
      if (flags.disputed && !Object.values(record.criteria).some((c) => c.disputed)) continue;
      await sink.write(flags.format === 'csv' ? toCsvRows(record) : toJsonl(record));
    }
    await sink.close();
    return ExitCode.OK;
  } finally {
    db.close();
  }
}
