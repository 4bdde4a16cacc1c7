import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';

/** One CSV record: its cells and the 1-based line it starts on; or the CSV syntax error found there. */
export type CsvRow = { ok: true; line: number; cells: string[] } | { ok: false; line: number; message: string };

/**
 * Streams the records of an RFC-4180 CSV file (or stdin for `-`) with their starting line numbers.
 * Ragged rows are passed on as they are (the caller checks the cell count); a record with broken
 * quoting yields `{ ok: false }` at the line where the error was seen, and parsing goes on (the start
 * line of the record right after such an error is approximate). Empty lines are skipped; a UTF-8 BOM is removed.
 */
export async function* readCsvRows(input: string | Readable): AsyncGenerator<CsvRow> {
  const source = typeof input === 'string' ? (input === '-' ? process.stdin : createReadStream(input)) : input;
  const skipped: CsvRow[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      const line = typeof (err as { lines?: unknown } | undefined)?.lines === 'number' ? (err as unknown as { lines: number }).lines : 0;
      skipped.push({ ok: false, line, message: err ? err.message : 'unreadable CSV record' });
      return undefined;
    },
  });
  source.pipe(parser);
  let lastEnd = 0;
  let lastEmpty = 0;
  try {
    for await (const chunk of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const { record, info } = chunk;
      // on_skip runs while parsing, ahead of records still buffered: release only errors found before this record's end.
      while (skipped.length > 0 && skipped[0]!.line < info.lines) {
        const error = skipped.shift()!;
        lastEnd = Math.max(lastEnd, error.line);
        lastEmpty = info.empty_lines;
        yield error;
      }
      const start = lastEnd + 1 + (info.empty_lines - lastEmpty);
      lastEnd = info.lines;
      lastEmpty = info.empty_lines;
      yield { ok: true, line: Math.min(start, info.lines), cells: record };
    }
    while (skipped.length > 0) yield skipped.shift()!;
  } finally {
    if (source !== process.stdin) source.destroy();
    parser.destroy();
  }
}
