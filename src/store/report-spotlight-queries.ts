import { INJECTION_CHECK } from '../governance/findings.js';
import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/** Spotlight queries of the report: the conversations most worth a human look, best first, with their totals. */

/** A spotlight list: conversation ids (best first, at most `limit`) and how many there are in all. */
export interface SpotlightRows {
  total: number;
  items: { tid: string; value: number | string | null; note: string | null }[];
}

function spotlight(db: Db, where: string, order: string, value: string, note: string, limit: number, params: Record<string, unknown> = {}): SpotlightRows {
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${REPORT_TABLE} c WHERE c.period = 'cur' AND ${where}`).get(params) as { n: number }).n;
  const items = db
    .prepare(`SELECT c.tid, ${value} AS value, ${note} AS note FROM ${REPORT_TABLE} c WHERE c.period = 'cur' AND ${where} ORDER BY ${order} LIMIT @limit`)
    .all({ ...params, limit }) as SpotlightRows['items'];
  return { total, items };
}

export function autoFailSpotlight(db: Db, limit: number): SpotlightRows {
  return spotlight(db, 'c.auto_fail = 1', 'c.started_at DESC, c.tid', 'c.qa_score', 'NULL', limit);
}

/** Conversations with a verdict the panel disputed (`PANEL_DISPUTED`). */
export function disputedSpotlight(db: Db, limit: number): SpotlightRows {
  const disputed = `EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = c.eid AND cr.error_code = 'PANEL_DISPUTED')`;
  const which = `(SELECT group_concat(cr.criterion_id, ', ') FROM criterion_results cr WHERE cr.evaluation_id = c.eid AND cr.error_code = 'PANEL_DISPUTED')`;
  return spotlight(db, disputed, 'c.started_at DESC, c.tid', 'NULL', which, limit);
}

export function injectionSpotlight(db: Db, limit: number): SpotlightRows {
  const where = `EXISTS (SELECT 1 FROM findings f WHERE f.evaluation_id = c.eid AND f.rule_check = @check)`;
  const note = `(SELECT f.matched_text FROM findings f WHERE f.evaluation_id = c.eid AND f.rule_check = @check ORDER BY f.id LIMIT 1)`;
  return spotlight(db, where, 'c.started_at DESC, c.tid', 'NULL', note, limit, { check: INJECTION_CHECK });
}

/** The largest gaps between the judge's Auto-CSAT and the customer's own survey CSAT (both on 1–5). */
export function csatGapSpotlight(db: Db, limit: number, minGap = 2): SpotlightRows {
  return spotlight(
    db,
    'c.auto_csat IS NOT NULL AND c.survey_csat IS NOT NULL AND abs(c.auto_csat - c.survey_csat) >= @minGap',
    'abs(c.auto_csat - c.survey_csat) DESC, c.started_at DESC, c.tid',
    'c.auto_csat - c.survey_csat',
    "'Auto-CSAT ' || c.auto_csat || ' vs survey ' || c.survey_csat",
    limit,
    { minGap },
  );
}

export function abandonedAfterHandoffSpotlight(db: Db, limit: number): SpotlightRows {
  return spotlight(db, 'c.abandoned_after_handoff = 1', 'c.started_at DESC, c.tid', 'NULL', 'c.bot', limit);
}

/** Customers with `min` or more conversations in the current period, most first, with their conversation ids. */
export function repeatCustomers(db: Db, min: number, limit: number): { total: number; customers: { customer_id: string; n: number; tids: string[] }[] } {
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM (SELECT customer_id FROM ${REPORT_TABLE} WHERE period = 'cur' GROUP BY customer_id HAVING COUNT(*) >= ?)`).get(min) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT customer_id, COUNT(*) AS n, json_group_array(tid) AS tids FROM (SELECT customer_id, tid FROM ${REPORT_TABLE} WHERE period = 'cur' ORDER BY started_at)
       GROUP BY customer_id HAVING COUNT(*) >= ? ORDER BY n DESC, customer_id LIMIT ?`,
    )
    .all(min, limit) as { customer_id: string; n: number; tids: string }[];
  return { total, customers: rows.map((r) => ({ customer_id: r.customer_id, n: r.n, tids: JSON.parse(r.tids) as string[] })) };
}
