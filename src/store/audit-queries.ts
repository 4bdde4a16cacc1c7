import type { Db } from './open-database.js';
import { decodeVerdict, STORED_VERDICT_COLUMNS, type StoredVerdict, type StoredVerdictRow } from './stored-verdict.js';

/** One evaluation of a transcript, with its rubric and the options of the run that made it (`cxqa audit`). */
export interface AuditEvaluationRow {
  id: number;
  created_at: string;
  run_id: string;
  content_hash: string;
  status: string;
  qa_score: number | null;
  auto_fail: boolean;
  rubric_hash: string;
  rubric_id: string | null;
  rubric_version: string | null;
  judge: string;
  judge_fingerprint: string | null;
  options_json: string | null;
}

/** Every evaluation of a transcript id, oldest first. */
export function evaluationsOfTranscript(db: Db, transcriptId: string): AuditEvaluationRow[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.created_at, e.run_id, e.content_hash, e.status, e.qa_score, e.auto_fail, e.rubric_hash, r.id AS rubric_id,
              r.version AS rubric_version, e.judge, e.judge_fingerprint, ru.options_json
       FROM evaluations e LEFT JOIN rubrics r ON r.hash = e.rubric_hash LEFT JOIN runs ru ON ru.id = e.run_id
       WHERE e.transcript_id = ? ORDER BY e.created_at, e.id`,
    )
    .all(transcriptId) as (Omit<AuditEvaluationRow, 'auto_fail'> & { auto_fail: number })[];
  return rows.map((r) => ({ ...r, auto_fail: r.auto_fail === 1 }));
}

/** The distinct content hashes stored for a transcript id, oldest first. */
export function contentHashesOf(db: Db, transcriptId: string): string[] {
  const rows = db.prepare('SELECT DISTINCT content_hash FROM transcripts WHERE id = ? ORDER BY rowid').all(transcriptId) as { content_hash: string }[];
  return rows.map((r) => r.content_hash);
}

/** Reads the verdicts and covering runs of evaluations one at a time (the statements are prepared once). */
export class EvaluationDetails {
  private readonly results;
  private readonly runs;

  constructor(db: Db) {
    this.results = db.prepare(`SELECT ${STORED_VERDICT_COLUMNS} FROM criterion_results WHERE evaluation_id = ? ORDER BY rowid`);
    this.runs = db.prepare('SELECT DISTINCT run_id FROM run_items WHERE evaluation_id = ? ORDER BY id');
  }

  /** The evaluation's verdicts, in the order they were stored. */
  verdicts(evaluationId: number): StoredVerdict[] {
    return (this.results.all(evaluationId) as StoredVerdictRow[]).map(decodeVerdict);
  }

  /** Every run that covered the evaluation (the one that made it and later runs that reused it), oldest first. */
  coveringRuns(evaluationId: number): string[] {
    return (this.runs.all(evaluationId) as { run_id: string }[]).map((r) => r.run_id);
  }
}
