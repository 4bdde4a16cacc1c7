import type { Db } from './open-database.js';
import { materializeSelection, type EvaluationSelection } from './evaluation-selection.js';
import { decodeVerdict, type StoredVerdict, type StoredVerdictRow } from './stored-verdict.js';

/** One criterion verdict of a selected evaluation, with the evaluation it belongs to (`cxqa export`). */
export interface ExportRow {
  evaluation_id: number;
  transcript_id: string;
  content_hash: string;
  rubric_id: string;
  rubric_hash: string;
  evaluated_in_run: string;
  status: string;
  qa_score: number | null;
  auto_fail: boolean;
  /** The evaluation's judge (a verdict's own judge is in `verdict.judge`). */
  eval_judge: string;
  verdict: StoredVerdict;
}

type Row = Omit<ExportRow, 'auto_fail' | 'verdict'> & { auto_fail: number } & StoredVerdictRow;

/**
 * The verdicts of the selected evaluations, one evaluation's verdicts together, in selection order (a run: input
 * order; a period: conversation start order). Read with a cursor: a large run is not loaded into memory. The
 * selection is materialized in that order first, so the join is read in order and only each evaluation's verdicts
 * are sorted; the temporary table is dropped when the reader finishes or stops.
 */
export function* exportRows(db: Db, selection: EvaluationSelection): Generator<ExportRow> {
  const selected = materializeSelection(db, selection);
  try {
    const rows = db
      .prepare(
        `SELECT s.evaluation_id, s.transcript_id, s.content_hash, s.rubric_id, s.rubric_hash, s.evaluated_in_run, s.status, s.qa_score, s.auto_fail,
                s.judge AS eval_judge, cr.criterion_id, cr.kind, cr.value_json, cr.na, cr.rationale, cr.evidence_json, cr.judge,
                cr.error_code, cr.error_message, cr.na_code
         FROM ${selected.table} s
         JOIN criterion_results cr ON cr.evaluation_id = s.evaluation_id
         ORDER BY s.ord, cr.rowid`,
      )
      .iterate() as IterableIterator<Row>;
    for (const r of rows) {
      yield {
        evaluation_id: r.evaluation_id,
        transcript_id: r.transcript_id,
        content_hash: r.content_hash,
        rubric_id: r.rubric_id,
        rubric_hash: r.rubric_hash,
        evaluated_in_run: r.evaluated_in_run,
        status: r.status,
        qa_score: r.qa_score,
        auto_fail: r.auto_fail === 1,
        eval_judge: r.eval_judge,
        verdict: decodeVerdict(r),
      };
    }
  } finally {
    selected.drop();
  }
}
