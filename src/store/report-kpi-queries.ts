import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/** KPI and trend queries over `temp.report_conv` (see {@link buildReportTable}): sums and counts per period and day or week. */

export type Period = 'cur' | 'prev';

export type Bucket = 'day' | 'week';

/** Sums and counts of one period and day/week; means and rates are computed from them. */
export interface KpiBucketRow {
  period: Period;
  bucket: string;
  n: number;
  failed: number;
  partial: number;
  /** Conversations whose QA score counts (not failed, score not null). */
  qa_n: number;
  qa_sum: number;
  /** Not failed, but with a null QA score (partly judged, or nothing applied): left out of the mean. */
  qa_left_out: number;
  auto_fail: number;
  bot_contained: number;
  bot_true_resolved: number;
  resolved: number;
  true_resolved: number;
  /** Resolved, not back yet, but the repeat-contact window is still open: not (yet) truly resolved. */
  pending: number;
  resolution_judged: number;
  repeat_contact: number;
  handed_off: number;
  handoff_judged: number;
  handoff_pass: number;
  abandoned_after_handoff: number;
  survey_csat_n: number;
  survey_csat_sum: number;
  ces_n: number;
  ces_sum: number;
  nps_n: number;
  nps_promoters: number;
  nps_detractors: number;
  auto_csat_n: number;
  auto_csat_sum: number;
  cost_n: number;
  cost_sum: number;
}

export function kpiBuckets(db: Db, bucket: Bucket): KpiBucketRow[] {
  return db
    .prepare(
      `SELECT period, ${bucket} AS bucket, COUNT(*) AS n,
              SUM(status = 'failed') AS failed, SUM(status = 'partial') AS partial,
              SUM(status != 'failed' AND qa_score IS NOT NULL) AS qa_n,
              COALESCE(SUM(CASE WHEN status != 'failed' THEN qa_score END), 0) AS qa_sum,
              SUM(status != 'failed' AND qa_score IS NULL) AS qa_left_out,
              SUM(auto_fail) AS auto_fail,
              SUM(handler = 'bot') AS bot_contained,
              SUM(handler = 'bot' AND resolution = 'resolved' AND repeat_contact = 0 AND window_open = 0) AS bot_true_resolved,
              SUM(resolution = 'resolved') AS resolved,
              SUM(resolution = 'resolved' AND repeat_contact = 0 AND window_open = 0) AS true_resolved,
              SUM(resolution = 'resolved' AND repeat_contact = 0 AND window_open = 1) AS pending,
              SUM(resolution IS NOT NULL) AS resolution_judged,
              SUM(repeat_contact) AS repeat_contact,
              SUM(handed_off) AS handed_off,
              SUM(handed_off = 1 AND handoff IS NOT NULL) AS handoff_judged,
              SUM(handed_off = 1 AND handoff = 'pass') AS handoff_pass,
              SUM(abandoned_after_handoff) AS abandoned_after_handoff,
              COUNT(survey_csat) AS survey_csat_n, COALESCE(SUM(survey_csat), 0) AS survey_csat_sum,
              COUNT(survey_ces) AS ces_n, COALESCE(SUM(survey_ces), 0) AS ces_sum,
              COUNT(survey_nps) AS nps_n, SUM(survey_nps >= 9) AS nps_promoters, SUM(survey_nps <= 6) AS nps_detractors,
              COUNT(auto_csat) AS auto_csat_n, COALESCE(SUM(auto_csat), 0) AS auto_csat_sum,
              COUNT(cost_usd) AS cost_n, COALESCE(SUM(cost_usd), 0) AS cost_sum
       FROM ${REPORT_TABLE} GROUP BY period, ${bucket} ORDER BY period, ${bucket}`,
    )
    .all()
    .map((r) => nullsToZero(r as Record<string, unknown>)) as unknown as KpiBucketRow[];
}

/** How many conversations each rubric version and judge covered per day (to mark changes on the trend charts). */
export function versionDays(db: Db): { day: string; rubric_hash: string; judge: string; n: number }[] {
  return db.prepare(`SELECT day, rubric_hash, judge, COUNT(*) AS n FROM ${REPORT_TABLE} GROUP BY day, rubric_hash, judge ORDER BY day`).all() as {
    day: string;
    rubric_hash: string;
    judge: string;
    n: number;
  }[];
}

export function nullsToZero(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) if (v === null && k !== 'intent') row[k] = 0;
  return row;
}

export function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
