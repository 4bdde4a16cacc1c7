import type { Readable } from 'node:stream';
import { readTranscripts, sourceName } from '../../transcript/read-jsonl.js';
import type { ImportEvent } from '../import/import-event.js';
import { EvalSetError } from './eval-set-error.js';
import { readLabelsCsv } from './labels-csv.js';
import type { EvalItem, HumanLabel } from './schema.js';

/** Inputs of {@link buildEvalSet}. */
export interface BuildEvalSetOptions {
  /** Transcripts JSONL path (`-` for stdin) or stream. */
  transcripts: string | Readable;
  /** Labels CSV path or stream. */
  labels: string | Readable;
  /** Names for messages when streams are given. */
  transcriptsName?: string;
  labelsName?: string;
}

/** Counts {@link buildEvalSet} fills in as it goes (final once the generator is done). */
export interface BuildEvalSetStats {
  /** Valid transcripts that had no label and were left out. */
  unlabeled: number;
  /** Distinct transcript ids in the labels CSV. */
  labelledIds: number;
}

/**
 * Joins a labels CSV onto a transcripts JSONL file (`cxqa eval build`). The labels are read into memory
 * first; transcripts are then streamed, and each one with labels becomes an eval item (raters and
 * criteria in the CSV's order). Transcripts without labels are left out and counted in `stats.unlabeled`.
 * Errors name file, line and field: invalid or duplicate transcripts are `skipped`; bad label rows, and
 * label rows whose transcript id is not in the transcripts file (reported at the end), are `problem`s.
 * @throws EvalSetError `EVAL_LABELS_COLUMNS` before anything is yielded when the CSV header is wrong.
 */
export async function* buildEvalSet(opts: BuildEvalSetOptions, stats: BuildEvalSetStats = { unlabeled: 0, labelledIds: 0 }): AsyncGenerator<ImportEvent> {
  const labelsFile = opts.labelsName ?? (typeof opts.labels === 'string' ? sourceName(opts.labels) : '<labels>');
  const transcriptsFile = opts.transcriptsName ?? (typeof opts.transcripts === 'string' ? sourceName(opts.transcripts) : '<transcripts>');
  const problems: EvalSetError[] = [];
  const labels = await readLabelsCsv(opts.labels, labelsFile, (e) => problems.push(e));
  stats.labelledIds = labels.size;
  for (const error of problems) yield { kind: 'problem', error };

  const seen = new Map<string, number>();
  /** Ids of invalid transcript lines: their labels are not "unknown", the line itself was reported. */
  const invalidIds = new Set<string>();
  for await (const line of readTranscripts(opts.transcripts, transcriptsFile)) {
    if (!line.ok) {
      if (line.error.transcriptId !== undefined) invalidIds.add(line.error.transcriptId);
      yield { kind: 'skipped', error: line.error };
      continue;
    }
    // A repeated id is reported by readTranscripts (TRANSCRIPT_DUPLICATE_ID, naming both lines; the first is kept).
    const t = line.transcript;
    seen.set(t.id, line.line);
    const entry = labels.get(t.id);
    if (!entry) {
      stats.unlabeled += 1;
      continue;
    }
    const humanLabels: HumanLabel[] = [...entry.raters].map(([rater, byCriterion]) => ({
      rater,
      labels: Object.fromEntries([...byCriterion].map(([criterion, l]) => [criterion, l.value])),
    }));
    const item: EvalItem = { ...t, human_labels: humanLabels };
    yield { kind: 'item', item };
  }
  for (const [id, entry] of labels) {
    if (seen.has(id) || invalidIds.has(id)) continue;
    const msg = `transcript id "${id}" is not in ${transcriptsFile}; its labels are left out`;
    yield { kind: 'problem', error: new EvalSetError('EVAL_LABELS_UNKNOWN_TRANSCRIPT', labelsFile, entry.line, 'transcript_id', msg, id) };
  }
}
