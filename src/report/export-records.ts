import type { Evidence, VerdictError } from '../judge/verdict.js';
import type { Db } from '../store/open-database.js';
import { selectionCte, type EvaluationSelection } from '../store/evaluation-selection.js';

export interface ExportedCriterion {
  value: number | string | null;
  na: boolean;
  rationale: string;
  evidence: Evidence[];
  judge: string;
  error: Pick<VerdictError, 'code' | 'message'> | null;
  /** Present (true) when a judge panel did not agree on this criterion (error `PANEL_DISPUTED`). */
  disputed?: true;
}

/** One transcript's results as `export` prints them. */
export interface ExportRecord {
  transcript_id: string;
  run_id: string;
  /** The run that first produced this evaluation (differs from `run_id` when the run reused it). */
  evaluated_in_run: string;
  status: string;
  qa_score: number | null;
  auto_fail: boolean;
  judge: string;
  criteria: Record<string, ExportedCriterion>;
}

interface Row {
  evaluation_id: number;
  transcript_id: string;
  evaluated_in_run: string;
  status: string;
  qa_score: number | null;
  auto_fail: number;
  eval_judge: string;
  criterion_id: string;
  value_json: string;
  na: number;
  rationale: string;
  evidence_json: string;
  judge: string;
  error_code: string | null;
  error_message: string | null;
}

/**
 * Streams the evaluations a run covered (a run id), or a period of a rubric (an {@link EvaluationSelection}),
 * one record per transcript, in input order (a period: conversation start order). Rows are read with a cursor,
 * so exporting a large run does not load it into memory. In a period export `run_id` is the run that created
 * the evaluation.
 */
export function* exportRecords(db: Db, selection: string | EvaluationSelection): Generator<ExportRecord> {
  const sel: EvaluationSelection = typeof selection === 'string' ? { runId: selection } : selection;
  const { sql, params } = selectionCte(sel);
  const rows = db
    .prepare(
      `${sql}
       SELECT s.evaluation_id, s.transcript_id, s.evaluated_in_run, s.status, s.qa_score, s.auto_fail,
              s.judge AS eval_judge, cr.criterion_id, cr.value_json, cr.na, cr.rationale, cr.evidence_json, cr.judge,
              cr.error_code, cr.error_message
       FROM selected s
       JOIN criterion_results cr ON cr.evaluation_id = s.evaluation_id
       ORDER BY s.ord, cr.rowid`,
    )
    .iterate(params) as IterableIterator<Row>;
  const runId = sel.runId;
  let current: ExportRecord | undefined;
  let currentId = -1;
  for (const row of rows) {
    if (row.evaluation_id !== currentId) {
      if (current) yield current;
      currentId = row.evaluation_id;
      current = {
        transcript_id: row.transcript_id,
        run_id: runId ?? row.evaluated_in_run,
        evaluated_in_run: row.evaluated_in_run,
        status: row.status,
        qa_score: row.qa_score,
        auto_fail: row.auto_fail === 1,
        judge: row.eval_judge,
        criteria: {},
      };
    }
    current!.criteria[row.criterion_id] = {
      value: JSON.parse(row.value_json) as number | string | null,
      na: row.na === 1,
      rationale: row.rationale,
      evidence: JSON.parse(row.evidence_json) as Evidence[],
      judge: row.judge,
      error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
      ...(row.error_code === 'PANEL_DISPUTED' ? { disputed: true as const } : {}),
    };
  }
  if (current) yield current;
}
