import type { InputError } from '../../error/cxqa-error.js';
import { issuePath } from '../../error/zod-issue.js';
import { evalItemSchema, type EvalItem } from '../eval-set/schema.js';
import { ImportError } from './import-error.js';
import type { ImportEvent } from './import-event.js';

/** Where eval-set lines go: an `OutputSink`, or anything with the same `write`. */
export interface LineSink {
  write(text: string): Promise<void>;
}

/** Options of {@link writeEvalSet}. */
export interface WriteEvalSetOptions {
  /** Stop after this many items (the source is closed early). */
  limit?: number;
  /** File name for errors about items that fail the eval-set schema. */
  file: string;
  /** Called for every `skipped` and `problem` event, in order. */
  onError?: (error: InputError, kind: 'skipped' | 'problem') => void;
  /** Called for every `notice` event. */
  onNotice?: (message: string) => void;
  /** Called for every written item (e.g. to collect statistics). */
  onItem?: (item: EvalItem) => void;
}

/** What {@link writeEvalSet} did. */
export interface WriteEvalSetSummary {
  /** Items written. */
  written: number;
  /** Items left out because of an error. */
  skipped: number;
  /** Partial problems (e.g. a rater row dropped) in items that were still written. */
  problems: number;
  /** True when `limit` was reached; the rest of the input, if any, was not read. */
  limited: boolean;
}

/**
 * Writes the items of an importer (or `eval build`) as eval-set JSONL, one item per line. Each item is
 * checked against the eval-set schema first; one that fails is counted as skipped with an
 * `IMPORT_INVALID_ITEM` error naming its id and field, never written.
 */
export async function writeEvalSet(events: AsyncIterable<ImportEvent>, sink: LineSink, opts: WriteEvalSetOptions): Promise<WriteEvalSetSummary> {
  const summary: WriteEvalSetSummary = { written: 0, skipped: 0, problems: 0, limited: false };
  if (opts.limit !== undefined && opts.limit <= 0) return { ...summary, limited: true };
  for await (const event of events) {
    if (event.kind === 'notice') {
      opts.onNotice?.(event.message);
      continue;
    }
    if (event.kind === 'skipped' || event.kind === 'problem') {
      if (event.kind === 'skipped') summary.skipped += 1;
      else summary.problems += 1;
      opts.onError?.(event.error, event.kind);
      continue;
    }
    const checked = evalItemSchema.safeParse(event.item);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      summary.skipped += 1;
      const error = new ImportError('IMPORT_INVALID_ITEM', opts.file, undefined, issuePath(issue.path) || undefined, `item ${event.item.id}: ${issue.message}`);
      opts.onError?.(error, 'skipped');
      continue;
    }
    await sink.write(`${JSON.stringify(checked.data)}\n`);
    opts.onItem?.(checked.data);
    summary.written += 1;
    if (opts.limit !== undefined && summary.written >= opts.limit) {
      summary.limited = true;
      break;
    }
  }
  return summary;
}
