import type { Db } from '../store/open-database.js';

/** Criterion results of a run whose evidence has at least one quote that was checked and not found. */
export interface UnverifiedEvidenceCount {
  total: number;
  byCriterion: Record<string, number>;
}

/**
 * Counts, per criterion and overall, the criterion results of a run with any unverified evidence quote
 * (`"verified":false` in `evidence_json`). Reused evaluations count like new ones.
 */
export function countUnverifiedEvidence(db: Db, runId: string): UnverifiedEvidenceCount {
  const rows = db
    .prepare(
      `SELECT cr.criterion_id AS id, COUNT(*) AS n
       FROM run_items ri JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? AND cr.evidence_json LIKE '%"verified":false%'
       GROUP BY cr.criterion_id`,
    )
    .all(runId) as { id: string; n: number }[];
  const byCriterion: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    byCriterion[row.id] = row.n;
    total += row.n;
  }
  return { total, byCriterion };
}
