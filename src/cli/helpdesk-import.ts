import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../error/cxqa-error.js';
import { importCsvMessages } from '../helpdesk/csv-messages.js';
import { HELPDESK_FORMATS } from '../helpdesk/formats.js';
import { importHelpdesk, ImportTally, type HelpdeskImportEvent } from '../helpdesk/import-helpdesk.js';
import { sourceName } from '../transcript/read-jsonl.js';
import { ExitCode } from './exit-codes.js';
import { OutputSink, warn } from './io.js';

export interface HelpdeskImportFlags {
  from: string;
  out?: string;
  includeNotes?: boolean;
  users?: string;
  ratings?: string;
  surveys?: string;
  map?: string;
  roles?: string;
  channel?: string;
  maxErrors: number;
}

/** `cxqa import --from zendesk|intercom|freshdesk|csv …`: canonical transcripts (JSONL) and a count of what was read. */
export async function runHelpdeskImport(file: string, flags: HelpdeskImportFlags): Promise<number> {
  if (file !== '-' && !existsSync(file)) throw new UsageError(`input file not found: ${file}`, 'INPUT_NOT_FOUND');
  if (flags.out && file !== '-' && resolve(flags.out) === resolve(file)) throw new UsageError('--out must not be the input file', 'OUT_IS_INPUT');
  const sideloadFiles = new Map<string, string>();
  const sideloadFlags = [['--users', ['users'], flags.users], ['--ratings', ['satisfaction_ratings', 'ratings'], flags.ratings], ['--surveys', ['survey_responses', 'satisfaction_surveys'], flags.surveys]] as const;
  for (const [flag, keys, path] of sideloadFlags) {
    if (!path) continue;
    if (!existsSync(path)) throw new UsageError(`${flag} file not found: ${path}`, 'INPUT_NOT_FOUND');
    const key = keys.find((k) => HELPDESK_FORMATS.get(flags.from)?.sideloadKeys.includes(k));
    if (!key) throw new UsageError(`${flag} does not apply to --from ${flags.from}`, 'USAGE');
    sideloadFiles.set(key, path);
  }
  if ((flags.map || flags.roles) && flags.from !== 'csv') throw new UsageError('--map and --roles apply to --from csv only', 'USAGE');
  const name = sourceName(file);
  const format = HELPDESK_FORMATS.get(flags.from);
  const events: AsyncIterable<HelpdeskImportEvent> = format
    ? importHelpdesk(file, name, format, { includeNotes: flags.includeNotes === true, sideloadFiles })
    : importCsvMessages(file, name, { ...(flags.map ? { map: flags.map } : {}), ...(flags.roles ? { roles: flags.roles } : {}), channel: flags.channel ?? 'chat' });
  const tally = await writeTranscripts(events, flags.out, flags.maxErrors);
  warn(`import ${flags.from}: ${tally.format(format?.recordNoun ?? 'conversation')}${flags.out ? ` → ${flags.out}` : ''}`);
  // Skipped by design (a deleted ticket, only internal notes) is not a failure; a bad record is.
  return tally.errors > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

/**
 * Writes each transcript as one JSON line (to `out`, or stdout) and each skipped record's error on stderr
 * (the first `maxErrors`, then a count). The output file is created on the first record, so a usage error
 * found while reading the header (CSV) leaves no empty file behind.
 */
export async function writeTranscripts(events: AsyncIterable<HelpdeskImportEvent>, out: string | undefined, maxErrors: number): Promise<ImportTally> {
  const tally = new ImportTally();
  let sink: OutputSink | undefined;
  let printed = 0;
  try {
    for await (const event of events) {
      sink ??= new OutputSink(out);
      tally.add(event);
      if (event.kind === 'transcript') await sink.write(`${JSON.stringify(event.transcript)}\n`);
      else if (event.error) {
        if (printed < maxErrors) warn(`skipped: ${event.error.message} [${event.error.code}]`);
        printed += 1;
      }
    }
    if (printed > maxErrors) warn(`… and ${printed - maxErrors} more skipped records not shown (--max-errors ${maxErrors})`);
    sink ??= new OutputSink(out);
  } finally {
    await sink?.close();
  }
  return tally;
}
