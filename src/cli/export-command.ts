import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { exportRecords } from '../report/export-records.js';
import { csvHeader, toCsvRows, toJsonl, type ExportFormat } from '../report/export-format.js';
import { openDatabase } from '../store/open-database.js';
import { getRun, latestRun } from '../store/run-repository.js';
import { ExitCode } from './exit-codes.js';
import { OutputSink } from './io.js';

interface ExportFlags {
  db: string;
  run?: string;
  format: ExportFormat;
  out?: string;
  disputed?: boolean;
}

export function exportCommand(): Command {
  return new Command('export')
    .description('Print the stored results of a run: one JSON line per transcript, or one CSV row per criterion.')
    .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
    .option('--run <id>', 'run id (default: the latest score run)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl', 'csv']).makeOptionMandatory())
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--disputed', 'only transcripts with a criterion a judge panel disputed')
    .action(async (flags: ExportFlags) => {
      process.exitCode = await runExport(flags);
    });
}

async function runExport(flags: ExportFlags): Promise<number> {
  if (!existsSync(flags.db)) throw new UsageError(`database not found: ${flags.db}`, 'DB_NOT_FOUND');
  const db = openDatabase(flags.db);
  try {
    const run = flags.run ? getRun(db, flags.run) : latestRun(db);
    if (!run) {
      throw new UsageError(flags.run ? `no run "${flags.run}" in ${flags.db}` : `no score run in ${flags.db} yet`, 'RUN_NOT_FOUND');
    }
    const sink = new OutputSink(flags.out);
    if (flags.format === 'csv') await sink.write(csvHeader());
    for (const record of exportRecords(db, run.id)) {
      if (flags.disputed && !Object.values(record.criteria).some((c) => c.disputed)) continue;
      await sink.write(flags.format === 'csv' ? toCsvRows(record) : toJsonl(record));
    }
    await sink.close();
    return ExitCode.OK;
  } finally {
    db.close();
  }
}
