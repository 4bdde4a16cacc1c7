import { decidedValueSql } from './decision-repository.js';
import { coveredByProduction, selectionCte, type EvaluationSelection } from './evaluation-selection.js';
import type { Db } from './open-database.js';

/** One selected evaluation as the outcome report reads it, in report order. */
export interface OutcomeRow {
  status: string;
  intent: string | null;
  /** The stored body, or its outline (no message text) once the body was purged. */
  body_json: string;
  started_at: string;
  qa_score: number | null;
  auto_fail: number;
  /** value_json of the resolution, Auto-CSAT and hand-off criteria: a human decision, else the judge's usable verdict, else null. */
  resolution: string | null;
  csat: string | null;
  handoff: string | null;
  /** 1 when the same customer came back within the window (0 for failed evaluations, which no figure counts). */
  repeat_contact: number;
}

export interface OutcomeQueryOptions {
  windowHours: number;
  resolutionCriterion: string;
  csatCriterion: string;
  handoffCriterion: string;
}

/**
 * The selected evaluations with their transcript, decided outcome values and repeat contact, read with a cursor.
 * Repeat contact: a later conversation of the same customer within the window (julianday() compares times
 * written with any UTC offset correctly), from any production run (an eval transcript is nobody's repeat contact),
 * on the same intent where both conversations have one. It is computed inside the one statement, by the
 * `transcripts_customer` index, rather than by a query per conversation.
 */
export function outcomeRows(db: Db, sel: EvaluationSelection, opts: OutcomeQueryOptions): IterableIterator<OutcomeRow> {
  const { sql, params } = selectionCte(sel);
  return db
    .prepare(
      `${sql}
       SELECT s.status, s.intent, COALESCE(t.body_json, t.outline_json) AS body_json, s.started_at, s.qa_score, s.auto_fail,
              ${decidedValueSql('s', '@res')} AS resolution,
              ${decidedValueSql('s', '@csat')} AS csat,
              ${decidedValueSql('s', '@handoff')} AS handoff,
              CASE WHEN s.status = 'failed' THEN 0 ELSE EXISTS (
                SELECT 1 FROM transcripts t2 WHERE t2.customer_id = s.customer_id AND t2.id != s.transcript_id
                  AND julianday(t2.started_at) > julianday(s.started_at) AND julianday(t2.started_at) <= julianday(s.started_at) + @days
                  AND (s.intent IS NULL OR t2.intent IS NULL OR t2.intent = s.intent)
                  AND EXISTS (SELECT 1 FROM evaluations e2 WHERE e2.transcript_id = t2.id AND e2.content_hash = t2.content_hash AND ${coveredByProduction('e2')})) END AS repeat_contact
       FROM selected s
       JOIN transcripts t ON t.id = s.transcript_id AND t.content_hash = s.content_hash
       ORDER BY s.ord`,
    )
    .iterate({ ...params, res: opts.resolutionCriterion, csat: opts.csatCriterion, handoff: opts.handoffCriterion, days: opts.windowHours / 24 }) as IterableIterator<OutcomeRow>;
}
