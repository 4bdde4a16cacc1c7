import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildReportData } from '../report/page/build-report-data.js';
import { renderReportHtml } from '../report/page/render-html.js';
import { ExitCode } from './exit-codes.js';
import { openForReading } from './open-for-reading.js';
import { packageVersion } from '../shared/package-root.js';
import { parseChoice, parsePositiveInt } from './parse-options.js';
import { writeOutputFile } from './write-output-file.js';

interface ReportFlags {
  db: string;
  from?: string;
  to?: string;
  rubric?: string;
  out?: string;
  format: 'html' | 'json';
  maxConversations: number;
  windowHours: number;
  showPii?: boolean;
  driftThreshold: number;
}

function parseThreshold(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`--drift-threshold takes a number > 0, got "${value}"`);
  return n;
}

export function reportCommand(): Command {
  return new Command('report')
    .description(
      'Writes one self-contained HTML page (or its data as JSON) for a period: KPIs against the previous period, trends and drift, ' +
        'coaching per agent and bot, spotlight, contact reasons, governance, judge health and a conversation viewer. Works offline.',
    )
    .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
    .option('--from <date>', 'first day (2026-11-01) or date-time of the period (default: 7 days before --to)')
    .option('--to <date>', 'last day (inclusive) or date-time (exclusive) of the period (default: the day of the latest conversation)')
    .option('--rubric <id>', 'rubric id, all its versions (default: the rubric of the latest score run)')
    .option('-o, --out <file>', 'where to write it (default report.html, or report.json with --format json)')
    .addOption(new Option('--format <format>', 'html or json').default('html').argParser(parseChoice('--format', ['html', 'json'] as const)))
    .addOption(new Option('--max-conversations <n>', 'conversations embedded with full text (spotlight and coaching examples first)').default(2000).argParser(parsePositiveInt('--max-conversations')))
    .addOption(new Option('--window-hours <n>', 'a later contact by the same customer within this many hours is a repeat contact').default(72).argParser(parsePositiveInt('--window-hours')))
    .addOption(new Option('--drift-threshold <psi>', 'flag a criterion whose PSI against the previous period reaches this').default(0.2).argParser(parseThreshold))
    .option('--show-pii', 'keep cards, IBANs, SSNs, emails, phone numbers and IPs in clear in the embedded text (masked by default)')
    .addHelpText(
      'after',
      `
The period is compared with the previous period of the same length. Each conversation counts once, with its
latest evaluation under the rubric (any run, version or judge). The page loads no script, style, font or
image from anywhere (its Content-Security-Policy forbids every network source) and opens from disk.
Exit codes: 0 written · 2 usage error (no database, no such rubric, bad date).`,
    )
    .action((flags: ReportFlags) => {
      process.exitCode = runReport(flags);
    });
}

function runReport(flags: ReportFlags): number {
  const db = openForReading(flags.db);
  let text: string;
  try {
    const data = buildReportData(db, {
      ...(flags.from !== undefined ? { from: flags.from } : {}),
      ...(flags.to !== undefined ? { to: flags.to } : {}),
      ...(flags.rubric !== undefined ? { rubricId: flags.rubric } : {}),
      maxConversations: flags.maxConversations,
      windowHours: flags.windowHours,
      maskPii: !flags.showPii,
      driftThreshold: flags.driftThreshold,
      generator: `cxqa ${packageVersion()}`,
    });
    text = flags.format === 'json' ? `${JSON.stringify(data, null, 1)}\n` : renderReportHtml(data);
  } finally {
    db.close();
  }
  const out = resolve(flags.out ?? (flags.format === 'json' ? 'report.json' : 'report.html'));
  // The path is printed for a file; after writing a pipe or device (`--out /dev/stdout`) it would be part of the output.
  if (writeOutputFile(out, text) === 'file') process.stdout.write(`${out}\n`);
  return ExitCode.OK;
}
