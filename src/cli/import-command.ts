import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { importAbRedial } from '../calibrate/import/ab-redial.js';
import { corpusNameFromFile } from '../calibrate/import/corpus-name.js';
import { ErrorReporter } from '../calibrate/import/error-reporter.js';
import type { ImportEvent } from '../calibrate/import/import-event.js';
import { LabelStats } from '../calibrate/import/label-stats.js';
import { importUss } from '../calibrate/import/uss.js';
import { writeEvalSet, type LineSink, type WriteEvalSetSummary } from '../calibrate/import/write-eval-set.js';
import { sourceName } from '../transcript/read-jsonl.js';
import { ExitCode } from './exit-codes.js';
import { runHelpdeskImport, type HelpdeskImportFlags } from './helpdesk-import.js';
import { OutputSink, warn } from './io.js';
import { parsePositiveInt } from './parse-options.js';

/** Corpus formats `cxqa import --from` understands (eval sets). */
export const IMPORT_FORMATS = ['uss', 'ab-redial'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Helpdesk formats (canonical transcripts): src/helpdesk. */
export const HELPDESK_IMPORT_FORMATS = ['zendesk', 'intercom', 'freshdesk', 'salesforce', 'connect', 'hubspot', 'gorgias', 'helpscout', 'front', 'csv'] as const;

interface ImportFlags extends Omit<HelpdeskImportFlags, 'from'> {
  from: ImportFormat | (typeof HELPDESK_IMPORT_FORMATS)[number];
  out?: string;
  corpusName?: string;
  limit?: number;
}

const CORPUS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function importCommand(): Command {
  return new Command('import')
    .description(
      'Convert a helpdesk export into canonical transcripts (JSONL), or a human-labelled research corpus into a cxqa eval set (JSONL: transcript + human_labels per line).',
    )
    .argument('<file>', 'export or corpus file ("-" for stdin): JSON, JSONL or CSV (helpdesk); USS .txt or AB-ReDial .csv (corpora)')
    .addOption(new Option('--from <format>', 'input format').choices([...HELPDESK_IMPORT_FORMATS, ...IMPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --out <file>', 'write the transcripts / eval set to this file instead of stdout')
    .option('--include-notes', 'helpdesk: keep internal notes (Zendesk public:false, Intercom note parts, Freshdesk private) as system messages')
    .option('--users <file>', 'zendesk: users (JSON/JSONL, e.g. GET /api/v2/users or the incremental user export) for requester vs agent roles')
    .option('--surveys <file>', 'zendesk: CSAT survey responses (GET /api/v2/guide/survey_responses)')
    .option('--ratings <file>', 'freshdesk: satisfaction ratings (GET /api/v2/surveys/satisfaction_ratings); helpscout: ratings (GET /v2/ratings/{id})')
    .option('--map <pairs>', 'csv: column names, e.g. conversation_id=Ticket,role=Sender,text=Body,at=Timestamp')
    .option('--roles <pairs>', 'csv: role values, e.g. customer=Customer,agent=Support|Tier 2,bot=Bot')
    .option('--channel <name>', 'csv: channel when the file has no channel column', 'chat')
    .addOption(new Option('--max-errors <n>', 'helpdesk: print at most n skipped-record errors (the rest are counted)').default(100).argParser(parsePositiveInt('--max-errors')))
    .option('--corpus-name <name>', 'name used in item ids (default: uss → the file name, e.g. sgd; ab-redial → "ab-redial")')
    .addOption(new Option('--limit <n>', 'stop after n items').argParser(parsePositiveInt('--limit')))
    .addHelpText(
      'after',
      `
Helpdesk formats (README "Helpdesk formats"): zendesk (tickets with comments; users side-loaded or --users),
intercom (conversations with conversation_parts), freshdesk (tickets with conversations), salesforce (ConversationEntry records, LiveChatTranscript),
connect (Amazon Connect Contact Lens output), hubspot (inbox threads with messages), gorgias (tickets with
messages), helpscout (conversations with threads), front (conversations with messages), csv (one row per message).
Input: JSONL (a record or an API page per line), a JSON array, or an API page ({ "tickets": [...] }), streamed.
Exit codes: 0 every record written or skipped by design (deleted, only internal notes) · 2 usage error (nothing
done) · 3 finished, but some records were bad (each named on stderr with file, record number and field; the
final line counts all skips by reason).

Ids: uss-<corpus-name>-0001 … (USS), <corpus-name>-<ConvId> (AB-ReDial). Raters: uss-a1, uss-a2, … /
abr-a1, … by position within each dialogue (the corpora publish no annotator ids).
Exit codes: 0 all imported · 2 usage error or unreadable header (nothing done) · 3 finished, but some
dialogues or annotator rows were left out (each named on stderr with file, line and field).`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      process.exitCode = await runImport(file, flags);
    });
}

async function runImport(file: string, flags: ImportFlags): Promise<number> {
  if ((HELPDESK_IMPORT_FORMATS as readonly string[]).includes(flags.from)) return runHelpdeskImport(file, flags);
  if (file !== '-' && !existsSync(file)) throw new UsageError(`input file not found: ${file}`, 'INPUT_NOT_FOUND');
  if (flags.out && file !== '-' && resolve(flags.out) === resolve(file)) throw new UsageError('--out must not be the input file', 'OUT_IS_INPUT');
  if (flags.corpusName !== undefined && !CORPUS_NAME.test(flags.corpusName)) {
    throw new UsageError(`--corpus-name takes letters, digits, ".", "_" and "-", got "${flags.corpusName}"`, 'BAD_CORPUS_NAME');
  }
  const name = sourceName(file);
  const events: AsyncIterable<ImportEvent> =
    flags.from === 'uss'
      ? importUss(file, { file: name, corpusName: flags.corpusName ?? corpusNameFromFile(file, 'uss') })
      : importAbRedial(file, { file: name, corpusName: flags.corpusName ?? 'ab-redial' });
  const started = Date.now();
  const stats = new LabelStats();
  const summary = await writeEvalSetTo(flags.out, events, { file: name, limit: flags.limit, onItem: (item) => stats.add(item) });
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  warn(`imported ${summary.written} items from ${name} in ${seconds}s (${summary.skipped} skipped, ${summary.problems} partial problems${summary.limited ? `, stopped at --limit ${flags.limit}` : ''})`);
  for (const line of stats.format()) warn(`  ${line}`);
  return summary.skipped > 0 || summary.problems > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

/**
 * Writes importer / `eval build` events as an eval set to `out` (or stdout), printing errors and notices
 * on stderr. The output file is only created once the input has started to yield, so a fatal header
 * error leaves no empty file behind.
 */
export async function writeEvalSetTo(
  out: string | undefined,
  events: AsyncIterable<ImportEvent>,
  opts: { file: string; limit?: number; onItem?: Parameters<typeof writeEvalSet>[2]['onItem'] },
): Promise<WriteEvalSetSummary> {
  const reporter = new ErrorReporter(warn);
  const sink = new LazySink(out);
  try {
    const summary = await writeEvalSet(events, sink, {
      file: opts.file,
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      onError: (error, kind) => reporter.report(error, kind),
      onNotice: (message) => warn(`note: ${message}`),
      ...(opts.onItem ? { onItem: opts.onItem } : {}),
    });
    reporter.finish();
    await sink.open();
    return summary;
  } finally {
    await sink.close();
  }
}

/** An {@link OutputSink} created on the first write (or on `open`). */
class LazySink implements LineSink {
  private sink: OutputSink | undefined;

  constructor(private readonly path: string | undefined) {}

  async open(): Promise<OutputSink> {
    this.sink ??= new OutputSink(this.path);
    return this.sink;
  }

  async write(text: string): Promise<void> {
    await (await this.open()).write(text);
  }

  async close(): Promise<void> {
    await this.sink?.close();
  }
}
