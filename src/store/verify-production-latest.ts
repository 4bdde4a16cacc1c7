import { epochMsSql } from './production-latest-migration.js';
import type { Db } from './open-database.js';
import type { ChainProblem } from './verify-chain.js';

const COLUMNS = 'rubric_id, transcript_id, content_hash, evaluation_id, created_at, start_ms, started_at, customer_id, agent_id, intent';

/**
 * `production_latest` recomputed from the chained history, independently of the trigger that keeps it: per
 * (rubric id, transcript content), the latest evaluation (created_at, then id) that a production run covered.
 */
const EXPECTED = `
  SELECT ${COLUMNS} FROM (
    SELECT rb.id AS rubric_id, e.transcript_id, e.content_hash, e.id AS evaluation_id, e.created_at, ${epochMsSql('t.started_at')} AS start_ms,
           t.started_at, t.customer_id, t.agent_id, t.intent,
           ROW_NUMBER() OVER (PARTITION BY rb.id, e.transcript_id, e.content_hash ORDER BY e.created_at DESC, e.id DESC) AS k
    FROM evaluations e
    JOIN rubrics rb ON rb.hash = e.rubric_hash
    JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash
    WHERE EXISTS (SELECT 1 FROM run_items ri JOIN runs r ON r.id = ri.run_id WHERE ri.evaluation_id = e.id AND r.command <> 'calibrate'))
  WHERE k = 1`;

interface Row {
  rubric_id: string;
  transcript_id: string;
  content_hash: string;
  evaluation_id: number;
}

/**
 * The first row where the derived table `production_latest` (period selection and repeat contact read it)
 * differs from what the history says: a stored row that is wrong or should not be there, else one that is
 * missing. Null when they agree.
 */
export function productionLatestProblem(db: Db): ChainProblem | null {
  const first = (sql: string) => db.prepare(`SELECT * FROM (${sql}) ORDER BY transcript_id, rubric_id, content_hash LIMIT 1`).get() as Row | undefined;
  const wrong = first(`SELECT ${COLUMNS} FROM production_latest EXCEPT ${EXPECTED}`);
  if (wrong) {
    const { id } = db
      .prepare('SELECT id FROM production_latest WHERE rubric_id = ? AND transcript_id = ? AND content_hash = ?')
      .get(wrong.rubric_id, wrong.transcript_id, wrong.content_hash) as { id: number };
    return {
      kind: 'derived',
      table: 'production_latest',
      rowid: id,
      message: `production_latest row ${id} disagrees with the stored history for transcript ${wrong.transcript_id} (rubric ${wrong.rubric_id}, evaluation ${wrong.evaluation_id}): it was changed outside cxqa`,
    };
  }
  const missing = first(`${EXPECTED} EXCEPT SELECT ${COLUMNS} FROM production_latest`);
  if (!missing) return null;
  return {
    kind: 'derived',
    table: 'production_latest',
    rowid: 0,
    message: `production_latest has no row for transcript ${missing.transcript_id} (rubric ${missing.rubric_id}, evaluation ${missing.evaluation_id}), which a production run covered: it was changed outside cxqa`,
  };
}
