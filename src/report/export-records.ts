import type { Verdict } from '../values/verdict.js';
import { computeQaScore } from '../rubric/qa-score.js';
import type { Rubric } from '../rubric/schema.js';
import { anyDecision, DecisionRepository } from '../store/decision-repository.js';
import type { EvaluationSelection } from '../store/evaluation-selection.js';
import { exportRows, type ExportRow } from '../store/export-queries.js';
import type { Db } from '../store/open-database.js';
import { rubricByHash } from '../store/rubric-queries.js';
import type { StoredVerdict } from '../store/stored-verdict.js';

/** One criterion of an exported record: the stored verdict (value, na, rationale, evidence, judge, error) and what applies to it. */
export interface ExportedCriterion extends Omit<StoredVerdict, 'criterion' | 'kind' | 'na_code'> {
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

/**
 * Streams the evaluations a run covered (a run id), or a period of a rubric (an {@link EvaluationSelection}),
 * one record per transcript, in input order (a period: conversation start order). Rows are read with a cursor,
 * so exporting a large run does not load it into memory. In a period export `run_id` is the run that created
 * the evaluation.
 */
export function* exportRecords(db: Db, selection: string | EvaluationSelection): Generator<ExportRecord> {
  const sel: EvaluationSelection = typeof selection === 'string' ? { runId: selection } : selection;
  const rows = exportRows(db, sel);
  const runId = sel.runId;
  const decisions = new DecisionOverlay(db);
  let current: ExportRecord | undefined;
  let currentId = -1;
  let currentRow: ExportRow | undefined;
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
        auto_fail: row.auto_fail,
        judge: row.eval_judge,
        criteria: {},
      };
    }
    const { criterion, kind: _kind, na_code, ...verdict } = row.verdict;
    current!.criteria[criterion] = {
      ...verdict,
      ...(na_code ? { na_code } : {}),
      ...(verdict.error?.code === 'PANEL_DISPUTED' ? { disputed: true as const } : {}),
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
    this.repo = anyDecision(db) ? new DecisionRepository(db) : undefined;
  }

  apply(record: ExportRecord, row: Pick<ExportRow, 'transcript_id' | 'content_hash' | 'rubric_id' | 'rubric_hash'>): ExportRecord {
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
      r = rubricByHash(this.db, hash);
      if (!r) return undefined;
      this.rubrics.set(hash, r);
    }
    return r;
  }
}
