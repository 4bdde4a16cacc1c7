import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { EvalItem, HumanLabel } from '../eval-set/schema.js';
import { abRedialColumns, parseAbRedialRow, type AbRedialColumns, type AbRedialRow } from './ab-redial-row.js';
import { ImportError } from './import-error.js';
import { IMPORT_CHANNEL, PLACEHOLDER_STARTED_AT, type ImportEvent } from './import-event.js';
import { readCsvRows } from './read-csv-rows.js';

/** Options of {@link importAbRedial}. */
export interface AbRedialImportOptions {
  /** File name used in error messages; its base name goes to `metadata.source.file`. */
  file: string;
  /** Id prefix: items are `<corpusName>-<ConvId>`. Default in the CLI: `ab-redial`. */
  corpusName: string;
}

/** Prefix of AB-ReDial rater names when the file has no worker-id column: `abr-a1`, `abr-a2`, … per dialogue. */
export const AB_REDIAL_RATER_PREFIX = 'abr-a';

/**
 * AB-ReDial `task-completion` (1–3) → the rubric's `resolution` category. A conversational recommender's
 * "task" is a recommendation the seeker accepts: 3 (completed) → `resolved`; 2 (partly: suggestions made but
 * not clearly accepted) and 1 (not completed) → `unresolved`, since the rubric counts only a fully dealt-with
 * need as resolved. There is no hand-off in ReDial, so `escalated` never occurs; the corpus cannot tell
 * `abandoned` apart. The raw 1–3 value stays in `metadata.aspect_ratings` for other mappings.
 */
export const TASK_COMPLETION_TO_RESOLUTION: Readonly<Record<number, string>> = { 1: 'unresolved', 2: 'unresolved', 3: 'resolved' };

interface Group {
  convId: string;
  key: string;
  rows: AbRedialRow[];
}

/**
 * Reads AB-ReDial `annotated_dialogues.csv` (Siro, Aliannejadi, de Rijke): one row per (dialogue, annotator).
 * Rows are grouped by ConvId and dialogue text (5 ConvIds of the published file name two different
 * dialogues; the second becomes `<id>-2`, with a notice). Each row is one rater: `dialogue-overall` →
 * `auto_csat`, `task-completion` → `resolution` ({@link TASK_COMPLETION_TO_RESOLUTION}); all five aspects and
 * the justification go to `metadata.aspect_ratings`. Rows are parsed as a stream, but items are yielded
 * only at the end, since an annotator's row can appear anywhere in the file.
 * A bad row drops that rater (`problem` event); a dialogue left with no rater is `skipped`.
 * @throws ImportError `ABREDIAL_COLUMNS` when the header lacks a needed column.
 */
export async function* importAbRedial(input: string | Readable, opts: AbRedialImportOptions): AsyncGenerator<ImportEvent> {
  let cols: AbRedialColumns | undefined;
  const groups: Group[] = [];
  const byConv = new Map<string, Group[]>();
  /** ConvIds whose every row failed, with the first error, so the dialogue is reported as skipped. */
  const failed = new Map<string, ImportError>();
  for await (const row of readCsvRows(input)) {
    if (!row.ok) {
      yield { kind: 'problem', error: new ImportError('ABREDIAL_ROW', opts.file, row.line, undefined, `unreadable CSV record: ${row.message}`) };
      continue;
    }
    if (!cols) {
      cols = abRedialColumns(row.cells, opts.file, row.line);
      continue;
    }
    let parsed: AbRedialRow;
    try {
      parsed = parseAbRedialRow(row.cells, cols, opts.file, row.line);
      if (parsed.aspects.overall === null && parsed.aspects.task_completion === null) {
        throw new ImportError('ABREDIAL_NO_LABELS', opts.file, row.line, 'dialogue-overall', 'the row has neither dialogue-overall nor task-completion; rater left out');
      }
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      yield { kind: 'problem', error: err };
      const convId = (row.cells[cols.convId] ?? '').trim();
      if (convId && !failed.has(convId)) failed.set(convId, err);
      continue;
    }
    const key = JSON.stringify(parsed.messages);
    const list = byConv.get(parsed.convId) ?? [];
    let group = list.find((g) => g.key === key);
    if (!group) {
      group = { convId: parsed.convId, key, rows: [] };
      list.push(group);
      byConv.set(parsed.convId, list);
      groups.push(group);
    }
    group.rows.push(parsed);
  }
  if (!cols) throw new ImportError('ABREDIAL_COLUMNS', opts.file, 1, 'ConvId', 'empty file: no header row');

  for (const [convId, list] of byConv) {
    failed.delete(convId);
    if (list.length > 1) {
      const ids = list.map((_, i) => abRedialItemId(opts.corpusName, convId, i));
      const where = list.map((g) => `lines ${g.rows.map((r) => r.line).join(',')}`).join(' / ');
      yield { kind: 'notice', message: `${opts.file}: ConvId "${convId}" names ${list.length} different dialogues (${where}); imported as ${ids.join(', ')}` };
    }
  }
  for (const [convId, error] of failed) {
    const msg = `dialogue ConvId "${convId}" left out: none of its annotator rows could be used (first problem above)`;
    yield { kind: 'skipped', error: new ImportError(error.code, opts.file, error.location.line, error.location.field, msg) };
  }
  for (const group of groups) {
    const list = byConv.get(group.convId)!;
    const item = buildAbRedialItem(group.rows, abRedialItemId(opts.corpusName, group.convId, list.indexOf(group)), opts);
    for (const dup of item.duplicates) yield { kind: 'problem', error: dup };
    yield { kind: 'item', item: item.item };
  }
}

/** `<corpusName>-<ConvId>`, and `-2`, `-3`, … for further dialogues that re-use a ConvId. */
export function abRedialItemId(corpusName: string, convId: string, occurrence: number): string {
  return `${corpusName}-${convId}${occurrence > 0 ? `-${occurrence + 1}` : ''}`;
}

/** Builds the eval item of one dialogue from its annotators' rows (at least one). */
export function buildAbRedialItem(
  rows: readonly AbRedialRow[],
  id: string,
  opts: AbRedialImportOptions,
): { item: EvalItem; duplicates: ImportError[] } {
  const first = rows[0]!;
  const humanLabels: HumanLabel[] = [];
  const aspectRatings: Record<string, unknown>[] = [];
  const duplicates: ImportError[] = [];
  let position = 0;
  for (const row of rows) {
    position += 1;
    const rater = row.worker ?? `${AB_REDIAL_RATER_PREFIX}${position}`;
    if (humanLabels.some((h) => h.rater === rater)) {
      duplicates.push(new ImportError('ABREDIAL_ROW', opts.file, row.line, 'worker', `annotator "${rater}" rated ${id} twice; the later row is left out`));
      continue;
    }
    const labels: HumanLabel['labels'] = {};
    if (row.aspects.overall !== null) labels.auto_csat = row.aspects.overall;
    if (row.aspects.task_completion !== null) labels.resolution = TASK_COMPLETION_TO_RESOLUTION[row.aspects.task_completion] ?? null;
    humanLabels.push({ rater, labels });
    aspectRatings.push({ rater, line: row.line, ...row.aspects, ...(row.justification ? { justification: row.justification } : {}) });
  }
  const item: EvalItem = {
    id,
    channel: IMPORT_CHANNEL,
    started_at: PLACEHOLDER_STARTED_AT,
    customer_id: id,
    metadata: {
      source: { corpus: 'ab-redial', file: basename(opts.file), conv_id: first.convId, lines: rows.map((r) => r.line) },
      aspect_ratings: aspectRatings,
    },
    messages: first.messages,
    human_labels: humanLabels,
  };
  return { item, duplicates };
}
