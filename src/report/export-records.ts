import type { Evidence, VerdictError } from '../judge/verdict.js';
import type { Db } from '../store/open-database.js';

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
 * Streams the evaluations a run covered, one record per transcript, in input order. Rows are read with a
 * cursor, so exporting a large run does not load it into memory.
 */
export function* exportRecords(db: Db, runId: string): Generator<ExportRecord> {
  const rows = db
    .prepare(
      `SELECT e.id AS evaluation_id, e.transcript_id, e.run_id AS evaluated_in_run, e.status, e.qa_score, e.auto_fail,
              e.judge AS eval_judge, cr.criterion_id, cr.value_json, cr.na, cr.rationale, cr.evidence_json, cr.judge,
              cr.error_code, cr.error_message
       FROM run_items ri
       JOIN evaluations e ON e.id = ri.evaluation_id
       JOIN criterion_results cr ON cr.evaluation_id = e.id
       WHERE ri.run_id = ?
       ORDER BY ri.id, cr.rowid`,
    )
    .iterate(runId) as IterableIterator<Row>;
  let current: ExportRecord | undefined;
  let currentId = -1;
  for (const row of rows) {
    if (row.evaluation_id !== currentId) {
      if (current) yield current;
      currentId = row.evaluation_id;
      current = {
        transcript_id: row.transcript_id,
        run_id: runId,
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
