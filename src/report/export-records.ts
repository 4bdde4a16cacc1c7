import type { Evidence, Verdict, VerdictError } from '../judge/verdict.js';
import { computeQaScore } from '../rubric/qa-score.js';
import type { Rubric } from '../rubric/schema.js';
import { DecisionRepository } from '../store/decision-repository.js';
import type { Db } from '../store/open-database.js';
import { materializeSelection, type EvaluationSelection } from '../store/evaluation-selection.js';

export interface ExportedCriterion {
  value: number | string | null;
  na: boolean;
  rationale: string;
  evidence: Evidence[];
  judge: string;
  error: Pick<VerdictError, 'code' | 'message'> | null;
  /**
   * Present on an N/A the judge could not avoid (`na: true`, `error: null`): `OFFLINE_UNSUPPORTED` or
   * `OFFLINE_LANGUAGE`. A judging failure has `error` instead, and `na: false`.
   */
  na_code?: string;
  /** Present (true) when a judge panel did not agree on this criterion (error `PANEL_DISPUTED`) and no human has decided it. */
  disputed?: true;
  /**
   * Present when a human decided this criterion (`cxqa review decide`): the decision wins (value, na, judge
   * `human:<reviewer>`, no error); what the judge had said is kept here.
   */
  decision?: { decision_id: number; reviewer: string; note: string | null; decided_at: string; judge_value: number | string | null; judge_error_code: string | null };
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
  content_hash: string;
  rubric_id: string;
  rubric_hash: string;
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
  na_code: string | null;
}

/**
 * Streams the evaluations a run covered (a run id), or a period of a rubric (an {@link EvaluationSelection}),
 * one record per transcript, in input order (a period: conversation start order). Rows are read with a cursor,
 * so exporting a large run does not load it into memory. In a period export `run_id` is the run that created
 * the evaluation.
 */
export function* exportRecords(db: Db, selection: string | EvaluationSelection): Generator<ExportRecord> {
  const sel: EvaluationSelection = typeof selection === 'string' ? { runId: selection } : selection;
  // Materialized in report order: the join below is read in that order, sorting only each evaluation's verdicts.
  const selected = materializeSelection(db, sel);
  try {
    yield* recordsOf(db, selected.table, sel.runId);
  } finally {
    selected.drop();
  }
}

function* recordsOf(db: Db, selected: string, runId: string | undefined): Generator<ExportRecord> {
  const rows = db
    .prepare(
      `SELECT s.evaluation_id, s.transcript_id, s.content_hash, s.rubric_id, s.rubric_hash, s.evaluated_in_run, s.status, s.qa_score, s.auto_fail,
              s.judge AS eval_judge, cr.criterion_id, cr.value_json, cr.na, cr.rationale, cr.evidence_json, cr.judge,
              cr.error_code, cr.error_message, cr.na_code
       FROM ${selected} s
       JOIN criterion_results cr ON cr.evaluation_id = s.evaluation_id
       ORDER BY s.ord, cr.rowid`,
    )
    .iterate() as IterableIterator<Row>;
  const decisions = new DecisionOverlay(db);
  let current: ExportRecord | undefined;
  let currentId = -1;
  let currentRow: Row | undefined;
  for (const row of rows) {
    if (row.evaluation_id !== currentId) {
      if (current) yield decisions.apply(current, currentRow!);
      currentId = row.evaluation_id;
      currentRow = row;
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
      ...(row.na_code ? { na_code: row.na_code } : {}),
      ...(row.error_code === 'PANEL_DISPUTED' ? { disputed: true as const } : {}),
    };
  }
  if (current) yield decisions.apply(current, currentRow!);
}

/**
 * Applies human decisions to exported records: a decided criterion takes the reviewer's value, and the QA score
 * and status are recomputed from the rubric version the evaluation used. Costs nothing when nobody decided anything.
 */
class DecisionOverlay {
  private readonly repo: DecisionRepository | undefined;
  private readonly rubrics = new Map<string, Rubric>();

  constructor(private readonly db: Db) {
    const any = db.prepare('SELECT 1 FROM human_decisions LIMIT 1').get() !== undefined;
    this.repo = any ? new DecisionRepository(db) : undefined;
  }

  apply(record: ExportRecord, row: Pick<Row, 'transcript_id' | 'content_hash' | 'rubric_id' | 'rubric_hash'>): ExportRecord {
    if (!this.repo) return record;
    const inForce = this.repo.inForce(row.transcript_id, row.content_hash, row.rubric_id);
    if (inForce.size === 0) return record;
    for (const [criterion, d] of inForce) {
      const c = record.criteria[criterion];
      if (!c) continue;
      // A human decision replaces the judge's answer, and with it any N/A code the judge gave.
      const { disputed: _disputed, na_code: _naCode, ...rest } = c;
      record.criteria[criterion] = {
        ...rest,
        value: d.value,
        na: d.na,
        judge: `human:${d.reviewer}`,
        error: null,
        decision: { decision_id: d.decision_id, reviewer: d.reviewer, note: d.note, decided_at: d.created_at, judge_value: d.judge_value, judge_error_code: d.judge_error_code },
      };
    }
    const rubric = this.rubric(row.rubric_hash);
    if (rubric) {
      const verdicts = Object.entries(record.criteria).map(([criterion, c]) => ({ criterion, value: c.value, na: c.na, rationale: c.rationale, evidence: c.evidence, judge: c.judge, error: c.error, ...(c.na_code ? { na_code: c.na_code } : {}) }));
      const qa = computeQaScore(rubric, verdicts as Verdict[]);
      record.qa_score = qa.score;
      record.auto_fail = qa.auto_fail;
    }
    if (record.status !== 'scored' && Object.values(record.criteria).every((c) => c.error === null)) record.status = 'scored';
    return record;
  }

  private rubric(hash: string): Rubric | undefined {
    let r = this.rubrics.get(hash);
    if (!r) {
      const row = this.db.prepare('SELECT body_json FROM rubrics WHERE hash = ?').get(hash) as { body_json: string } | undefined;
      if (!row) return undefined;
      r = JSON.parse(row.body_json) as Rubric;
      this.rubrics.set(hash, r);
    }
    return r;
  }
}
