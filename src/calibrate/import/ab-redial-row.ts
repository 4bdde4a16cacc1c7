import type { Message } from '../../transcript/schema.js';
import { ImportError } from './import-error.js';

/** The dialogue-level label columns of `annotated_dialogues.csv`, the key kept in metadata, and their ranges. */
export const AB_REDIAL_LABEL_COLUMNS = [
  { column: 'dialogue-overall', key: 'overall', min: 1, max: 5 },
  { column: 'task-completion', key: 'task_completion', min: 1, max: 3 },
  { column: 'understanding', key: 'understanding', min: 1, max: 3 },
  { column: 'interest-arousal', key: 'interest_arousal', min: 0, max: 3 },
  { column: 'efficiency', key: 'efficiency', min: 0, max: 1 },
] as const;

export type AbRedialAspect = (typeof AB_REDIAL_LABEL_COLUMNS)[number]['key'];

/** Optional columns that, when present, identify the annotator of a row (first match wins, any case). */
export const AB_REDIAL_WORKER_COLUMNS = ['workerid', 'worker_id', 'worker', 'annotator', 'annotator_id', 'annotatorid'] as const;

/** Where each needed column is in the header. */
export interface AbRedialColumns {
  width: number;
  convId: number;
  /** Utterance columns in utterance order: cell index and header name. */
  utterances: { index: number; name: string }[];
  labels: Record<AbRedialAspect, number>;
  justification: number | undefined;
  worker: number | undefined;
}

/** One annotator's row: the dialogue as that row shows it and the labels it gives. */
export interface AbRedialRow {
  line: number;
  convId: string;
  messages: Message[];
  /** `null` for an empty cell. */
  aspects: Record<AbRedialAspect, number | null>;
  justification: string | undefined;
  worker: string | undefined;
}

/**
 * Locates the needed columns in the header row.
 * @throws ImportError `ABREDIAL_COLUMNS` naming the first missing column (fatal: nothing can be imported).
 */
export function abRedialColumns(header: readonly string[], file: string, line: number): AbRedialColumns {
  const names = header.map((h) => h.trim());
  const find = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new ImportError('ABREDIAL_COLUMNS', file, line, name, `missing column "${name}" in the header`);
    return i;
  };
  const convId = find('ConvId');
  const utterances = names
    .map((n, i) => ({ m: /^utterance(\d+)$/.exec(n), i }))
    .filter((x) => x.m !== null)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map((x) => ({ index: x.i, name: names[x.i]! }));
  if (utterances.length === 0) throw new ImportError('ABREDIAL_COLUMNS', file, line, 'utterance0', 'no utterance0..utteranceN columns in the header');
  const labels = Object.fromEntries(AB_REDIAL_LABEL_COLUMNS.map((c) => [c.key, find(c.column)])) as Record<AbRedialAspect, number>;
  const lower = names.map((n) => n.toLowerCase());
  const justification = names.indexOf('justification-text');
  const worker = lower.findIndex((n) => (AB_REDIAL_WORKER_COLUMNS as readonly string[]).includes(n));
  return { width: names.length, convId, utterances, labels, justification: justification < 0 ? undefined : justification, worker: worker < 0 ? undefined : worker };
}

const SPEAKER = /^(SYSTEM|USER)(?:\s+|$)([\s\S]*)$/;

/**
 * Parses one data row. Utterance cells hold `SYSTEM<sep>text` or `USER<sep>text`, where the separator is
 * a TAB in most rows but spaces or an EM SPACE (U+2003) in some; empty cells are skipped.
 * @throws ImportError `ABREDIAL_ROW`, `ABREDIAL_UTTERANCE`, `ABREDIAL_LABEL`
 */
export function parseAbRedialRow(cells: readonly string[], cols: AbRedialColumns, file: string, line: number): AbRedialRow {
  if (cells.length !== cols.width) throw new ImportError('ABREDIAL_ROW', file, line, undefined, `expected ${cols.width} cells like the header, got ${cells.length}`);
  const convId = (cells[cols.convId] ?? '').trim();
  if (!convId) throw new ImportError('ABREDIAL_ROW', file, line, 'ConvId', 'empty ConvId');
  const messages: Message[] = [];
  for (const col of cols.utterances) {
    const cell = (cells[col.index] ?? '').trim();
    if (cell === '') continue;
    const m = SPEAKER.exec(cell);
    if (!m) throw new ImportError('ABREDIAL_UTTERANCE', file, line, col.name, `expected "SYSTEM<TAB>text" or "USER<TAB>text", got ${JSON.stringify(cell.slice(0, 40))}`);
    messages.push({ role: m[1] === 'USER' ? 'customer' : 'bot', text: m[2]!.trim() });
  }
  if (messages.length === 0) throw new ImportError('ABREDIAL_UTTERANCE', file, line, 'utterance0', 'the row has no utterances');
  const aspects = {} as Record<AbRedialAspect, number | null>;
  for (const spec of AB_REDIAL_LABEL_COLUMNS) {
    aspects[spec.key] = parseLabel(cells[cols.labels[spec.key]] ?? '', spec, file, line);
  }
  const justification = cols.justification === undefined ? undefined : (cells[cols.justification] ?? '').trim() || undefined;
  const worker = cols.worker === undefined ? undefined : (cells[cols.worker] ?? '').trim() || undefined;
  return { line, convId, messages, aspects, justification, worker };
}

function parseLabel(raw: string, spec: (typeof AB_REDIAL_LABEL_COLUMNS)[number], file: string, line: number): number | null {
  const text = raw.trim();
  if (text === '') return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new ImportError('ABREDIAL_LABEL', file, line, spec.column, `expected a whole number ${spec.min}–${spec.max}, got ${JSON.stringify(text.slice(0, 20))}`);
  }
  return value;
}
