import { nullsToZero, type Period } from './report-kpi-queries.js';
import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/** Contact-reason queries of the report: volume and outcomes per intent, stated reasons where the intent is missing. */

/** Volume and outcomes per intent (current period), with the previous period's volume and the last two weeks'. */
export interface IntentRow {
  intent: string | null;
  n: number;
  previous_n: number;
  this_week: number;
  last_week: number;
  resolved: number;
  true_resolved: number;
  handed_off: number;
  auto_fail: number;
  qa_n: number;
  qa_sum: number;
}

/** `weekStart`: unix ms where "this week" (the last 7 days of the period) starts; "last week" is the 7 days before. */
export function intentOutcomes(db: Db, weekStart: number): IntentRow[] {
  const cur = "period = 'cur'";
  return db
    .prepare(
      `SELECT intent, SUM(${cur}) AS n, SUM(period = 'prev') AS previous_n,
              SUM(ts >= @w1) AS this_week, SUM(ts >= @w0 AND ts < @w1) AS last_week,
              SUM(${cur} AND resolution = 'resolved') AS resolved, SUM(${cur} AND resolution = 'resolved' AND repeat_contact = 0 AND window_open = 0) AS true_resolved,
              SUM(${cur} AND handed_off) AS handed_off, SUM(${cur} AND auto_fail) AS auto_fail,
              SUM(${cur} AND status != 'failed' AND qa_score IS NOT NULL) AS qa_n,
              COALESCE(SUM(CASE WHEN ${cur} AND status != 'failed' THEN qa_score END), 0) AS qa_sum
       FROM ${REPORT_TABLE} GROUP BY intent ORDER BY n DESC, intent`,
    )
    .all({ w1: weekStart, w0: weekStart - 7 * 86_400_000 })
    .map((r) => nullsToZero(r as Record<string, unknown>)) as unknown as IntentRow[];
}

/** Stated reasons (first customer message) of conversations without an intent, newest first. */
export interface StatedReasonRow {
  tid: string;
  period: Period;
  ts: number;
  reason: string;
  resolution: string | null;
}

export function statedReasons(db: Db, limit: number): StatedReasonRow[] {
  return db.prepare(`SELECT tid, period, ts, reason, resolution FROM ${REPORT_TABLE} WHERE reason IS NOT NULL ORDER BY ts DESC LIMIT ?`).all(limit) as StatedReasonRow[];
}
