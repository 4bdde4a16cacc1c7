import type { Readable } from 'node:stream';
import { readCsvRows } from '../import/read-csv-rows.js';
import { EvalSetError } from './eval-set-error.js';
import type { LabelValue } from './schema.js';

/** The columns a labels CSV must have (any order, extra columns ignored). */
export const LABEL_CSV_COLUMNS = ['rater', 'transcript_id', 'criterion', 'value'] as const;

/** A label with the CSV line it came from. */
export interface LocatedLabel {
  value: LabelValue;
  line: number;
}

/** All labels of one transcript: rater → criterion → label, both in first-appearance order. */
export interface TranscriptLabels {
  /** First CSV line that names this transcript. */
  line: number;
  raters: Map<string, Map<string, LocatedLabel>>;
}

/**
 * `value` cell → label: empty → `null` (not applicable), a decimal number → number, anything else → the
 * trimmed string (a category id such as `resolved`, or `pass`/`fail`).
 */
export function parseLabelValue(raw: string): LabelValue {
  const text = raw.trim();
  if (text === '') return null;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/**
 * Reads a labels CSV (`rater,transcript_id,criterion,value`, header required) into memory, grouped by
 * transcript. Bad rows are reported through `onProblem` (naming file, line and field) and left out;
 * a second, different value for the same rater/transcript/criterion is an `EVAL_LABELS_CONFLICT` (the
 * first value is kept); an identical repeat is ignored.
 * @throws EvalSetError `EVAL_LABELS_COLUMNS` when the header is missing a column or the file is empty.
 */
export async function readLabelsCsv(
  input: string | Readable,
  file: string,
  onProblem: (error: EvalSetError) => void,
): Promise<Map<string, TranscriptLabels>> {
  const out = new Map<string, TranscriptLabels>();
  let cols: Record<(typeof LABEL_CSV_COLUMNS)[number], number> | undefined;
  let width = 0;
  for await (const row of readCsvRows(input)) {
    if (!row.ok) {
      onProblem(new EvalSetError('EVAL_LABELS_ROW', file, row.line, undefined, `unreadable CSV record: ${row.message}`));
      continue;
    }
    if (!cols) {
      const names = row.cells.map((c) => c.trim().toLowerCase());
      width = names.length;
      const found = {} as Record<(typeof LABEL_CSV_COLUMNS)[number], number>;
      for (const col of LABEL_CSV_COLUMNS) {
        const i = names.indexOf(col);
        if (i < 0) {
          throw new EvalSetError('EVAL_LABELS_COLUMNS', file, row.line, col, `missing column "${col}" in the header (need ${LABEL_CSV_COLUMNS.join(',')})`);
        }
        found[col] = i;
      }
      cols = found;
      continue;
    }
    if (row.cells.length !== width) {
      onProblem(new EvalSetError('EVAL_LABELS_ROW', file, row.line, undefined, `expected ${width} cells like the header, got ${row.cells.length}`));
      continue;
    }
    const cell = (name: (typeof LABEL_CSV_COLUMNS)[number]) => (row.cells[cols![name]] ?? '').trim();
    const empty = (['rater', 'transcript_id', 'criterion'] as const).find((name) => cell(name) === '');
    if (empty) {
      onProblem(new EvalSetError('EVAL_LABELS_ROW', file, row.line, empty, `empty ${empty}`));
      continue;
    }
    const id = cell('transcript_id');
    const rater = cell('rater');
    const criterion = cell('criterion');
    const value = parseLabelValue(row.cells[cols.value] ?? '');
    let entry = out.get(id);
    if (!entry) {
      entry = { line: row.line, raters: new Map() };
      out.set(id, entry);
    }
    let labels = entry.raters.get(rater);
    if (!labels) {
      labels = new Map();
      entry.raters.set(rater, labels);
    }
    const prior = labels.get(criterion);
    if (prior) {
      if (prior.value !== value) {
        onProblem(
          new EvalSetError(
            'EVAL_LABELS_CONFLICT',
            file,
            row.line,
            'value',
            `rater "${rater}" already gave ${id} ${criterion}=${JSON.stringify(prior.value)} on line ${prior.line}; ${JSON.stringify(value)} is ignored`,
            id,
          ),
        );
      }
      continue;
    }
    labels.set(criterion, { value, line: row.line });
  }
  if (!cols) throw new EvalSetError('EVAL_LABELS_COLUMNS', file, 1, 'rater', `empty file: no header row (need ${LABEL_CSV_COLUMNS.join(',')})`);
  return out;
}
