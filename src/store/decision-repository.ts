import type { Db } from './open-database.js';
import { ChainedTable } from './hash-chain.js';

/** A human decision as stored (table `human_decisions`, append-only). */
export interface DecisionRecord {
  decision_id: number;
  created_at: string;
  transcript_id: string;
  content_hash: string;
  rubric_id: string;
  rubric_hash: string;
  criterion_id: string;
  value: number | string | null;
  na: boolean;
  reviewer: string;
  note: string | null;
  /** The evaluation reviewed, and what its judge had said (value, error code such as `PANEL_DISPUTED`). */
  evaluation_id: number | null;
  judge_value: number | string | null;
  judge_error_code: string | null;
}

export interface NewDecision {
  transcriptId: string;
  contentHash: string;
  rubricId: string;
  rubricHash: string;
  criterionId: string;
  value: number | string | null;
  na: boolean;
  reviewer: string;
  note: string | null;
  evaluationId: number | null;
  judgeValue: number | string | null;
  judgeErrorCode: string | null;
}

/** The evaluation a decision is made on: the most recent one of a transcript that has the criterion. */
export interface DecisionTarget {
  evaluation_id: number;
  transcript_id: string;
  content_hash: string;
  rubric_id: string;
  rubric_hash: string;
  rubric_body_json: string;
  value_json: string;
  na: number;
  error_code: string | null;
}

/**
 * SQL condition: evaluation `e` (with its rubric id in `rubricIdSql`) still has an error verdict no human
 * decision settles. A partial or failed evaluation without one is settled: it is not judged again.
 */
export function hasUnsettledErrors(e: string, rubricIdSql = `(SELECT rbx.id FROM rubrics rbx WHERE rbx.hash = ${e}.rubric_hash)`): string {
  return `EXISTS (SELECT 1 FROM criterion_results crx WHERE crx.evaluation_id = ${e}.id AND crx.error_code IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM human_decisions hdx WHERE hdx.transcript_id = ${e}.transcript_id AND hdx.content_hash = ${e}.content_hash
                    AND hdx.criterion_id = crx.criterion_id AND hdx.rubric_id = ${rubricIdSql}))`;
}

/** SQL expression: the status of evaluation `e` once human decisions are counted (`scored` when they settle every error). */
export function settledStatus(e: string): string {
  return `CASE WHEN ${e}.status <> 'scored' AND NOT ${hasUnsettledErrors(e)} THEN 'scored' ELSE ${e}.status END`;
}

/**
 * SQL expression: the value_json of criterion `criterionParam` for a selected evaluation `s` (columns
 * evaluation_id, transcript_id, content_hash, rubric_id): the human decision when there is one ('null' for N/A),
 * else the judge's usable verdict (not N/A, no error), else NULL. The verdict is read from the covering index of
 * migration 14: SQLite would pick the primary key (evaluation, criterion) and read each row with its rationale and
 * evidence (1,000,000 conversations, three values each: 14 s instead of 10-12 s). With `decisions: false` (the
 * database holds no human decision at all: {@link anyDecision}) only the judge's verdict, the same value without
 * the decision lookup (about 2 s of a million conversations' three values).
 */
export function decidedValueSql(s: string, criterionParam: string, opts: { decisions?: boolean } = {}): string {
  const judge = `(SELECT value_json FROM criterion_results INDEXED BY criterion_results_verdicts
       WHERE evaluation_id = ${s}.evaluation_id AND criterion_id = ${criterionParam} AND na = 0 AND error_code IS NULL)`;
  if (opts.decisions === false) return judge;
  return `COALESCE(
    (SELECT value_json FROM latest_human_decisions WHERE transcript_id = ${s}.transcript_id AND content_hash = ${s}.content_hash
       AND rubric_id = ${s}.rubric_id AND criterion_id = ${criterionParam}),
    ${judge})`;
}

/** A `human_decisions` row as SQLite returns it (values as JSON text, `na` as 0/1). */
type DecisionRow = Omit<DecisionRecord, 'value' | 'na' | 'judge_value'> & { value_json: string; na: number; judge_value_json: string | null };

const COLUMNS = `id AS decision_id, created_at, transcript_id, content_hash, rubric_id, rubric_hash, criterion_id, value_json, na, reviewer,
  note, evaluation_id, judge_value_json, judge_error_code`;

function toRecord(r: DecisionRow): DecisionRecord {
  return {
    decision_id: r.decision_id,
    created_at: r.created_at,
    transcript_id: r.transcript_id,
    content_hash: r.content_hash,
    rubric_id: r.rubric_id,
    rubric_hash: r.rubric_hash,
    criterion_id: r.criterion_id,
    value: JSON.parse(r.value_json) as number | string | null,
    na: r.na === 1,
    reviewer: r.reviewer,
    note: r.note,
    evaluation_id: r.evaluation_id,
    judge_value: r.judge_value_json === null ? null : (JSON.parse(r.judge_value_json) as number | string | null),
    judge_error_code: r.judge_error_code,
  };
}

/** Whether anyone has decided anything yet (lets readers skip the decision overlay). */
export function anyDecision(db: Db): boolean {
  return db.prepare('SELECT 1 FROM human_decisions LIMIT 1').get() !== undefined;
}

/** Records and reads human decisions. */
export class DecisionRepository {
  constructor(private readonly db: Db) {}

  record(d: NewDecision, now = new Date().toISOString()): DecisionRecord {
    const id = new ChainedTable(this.db, 'human_decisions').insert({
      transcript_id: d.transcriptId,
      content_hash: d.contentHash,
      rubric_id: d.rubricId,
      rubric_hash: d.rubricHash,
      criterion_id: d.criterionId,
      value_json: JSON.stringify(d.na ? null : d.value),
      na: d.na ? 1 : 0,
      reviewer: d.reviewer,
      note: d.note,
      evaluation_id: d.evaluationId,
      judge_value_json: JSON.stringify(d.judgeValue),
      judge_error_code: d.judgeErrorCode,
      created_at: now,
    });
    return toRecord(this.db.prepare(`SELECT ${COLUMNS} FROM human_decisions WHERE id = ?`).get(id) as DecisionRow);
  }

  /** Every decision about a transcript id, oldest first (the audit trail). */
  forTranscript(transcriptId: string): DecisionRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM human_decisions WHERE transcript_id = ? ORDER BY id`).all(transcriptId) as DecisionRow[]).map(toRecord);
  }

  /** The decisions in force (latest per transcript content, rubric id and criterion) for one evaluation's work. */
  inForce(transcriptId: string, contentHash: string, rubricId: string): Map<string, DecisionRecord> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM latest_human_decisions WHERE transcript_id = ? AND content_hash = ? AND rubric_id = ?`)
      .all(transcriptId, contentHash, rubricId) as DecisionRow[];
    return new Map(rows.map((r) => [r.criterion_id, toRecord(r)]));
  }

  /**
   * The latest decision of each reviewer per transcript content and criterion, ordered by transcript (the
   * human labels of `eval build --from-reviews`), with the stored transcript body.
   */
  *reviewerLabels(): Generator<DecisionRecord & { body_json: string | null }> {
    const rows = this.db
      .prepare(
        `SELECT d.id AS decision_id, d.created_at, d.transcript_id, d.content_hash, d.rubric_id, d.rubric_hash, d.criterion_id, d.value_json,
                d.na, d.reviewer, d.note, d.evaluation_id, d.judge_value_json, d.judge_error_code, t.body_json
         FROM human_decisions d LEFT JOIN transcripts t ON t.id = d.transcript_id AND t.content_hash = d.content_hash
         WHERE d.id = (SELECT MAX(d2.id) FROM human_decisions d2 WHERE d2.transcript_id = d.transcript_id AND d2.content_hash = d.content_hash
                         AND d2.criterion_id = d.criterion_id AND d2.reviewer = d.reviewer)
         ORDER BY d.transcript_id, d.content_hash, d.id`,
      )
      .iterate() as IterableIterator<DecisionRow & { body_json: string | null }>;
    for (const r of rows) yield { ...toRecord(r), body_json: r.body_json };
  }

  /**
   * The evaluations a decision about `criterionId` of `transcriptId` could be made on: the most recent
   * evaluation per rubric id that has a result for the criterion (`rubricId` narrows it to one).
   */
  targets(transcriptId: string, criterionId: string, rubricId?: string): DecisionTarget[] {
    return this.db
      .prepare(
        `WITH c AS (
           SELECT e.id AS evaluation_id, e.transcript_id, e.content_hash, rb.id AS rubric_id, rb.hash AS rubric_hash, rb.body_json AS rubric_body_json,
                  cr.value_json, cr.na, cr.error_code,
                  ROW_NUMBER() OVER (PARTITION BY rb.id ORDER BY e.created_at DESC, e.id DESC) AS latest
           FROM evaluations e JOIN rubrics rb ON rb.hash = e.rubric_hash
           JOIN criterion_results cr ON cr.evaluation_id = e.id AND cr.criterion_id = @criterion
           WHERE e.transcript_id = @transcript AND (@rubric IS NULL OR rb.id = @rubric))
         SELECT evaluation_id, transcript_id, content_hash, rubric_id, rubric_hash, rubric_body_json, value_json, na, error_code
         FROM c WHERE latest = 1 ORDER BY rubric_id`,
      )
      .all({ transcript: transcriptId, criterion: criterionId, rubric: rubricId ?? null }) as DecisionTarget[];
  }

  /** Criterion ids stored for a transcript (for "did you mean" when a decision names another). */
  criteriaOf(transcriptId: string): string[] {
    return (
      this.db
        .prepare('SELECT DISTINCT cr.criterion_id FROM evaluations e JOIN criterion_results cr ON cr.evaluation_id = e.id WHERE e.transcript_id = ? ORDER BY 1')
        .all(transcriptId) as { criterion_id: string }[]
    ).map((r) => r.criterion_id);
  }

  transcriptKnown(transcriptId: string): boolean {
    return this.db.prepare('SELECT 1 FROM transcripts WHERE id = ? LIMIT 1').get(transcriptId) !== undefined;
  }
}
