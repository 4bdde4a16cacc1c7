import { INJECTION_CHECK } from '../governance/findings.js';
import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/**
 * Aggregate queries over `temp.report_conv` (see {@link buildReportTable}). Every query groups in SQLite and
 * returns small rows (per period and day, per criterion and value, ...), never one row per conversation.
 */

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

/** Criterion verdicts per period (and day/week), by value: the base of pass rates, drift and judge error rates. */
export interface CriterionValueRow {
  period: Period;
  bucket: string;
  criterion_id: string;
  value_json: string;
  na: number;
  error_code: string | null;
  unverified: number;
  n: number;
}

export function criterionValues(db: Db, bucket: Bucket): CriterionValueRow[] {
  return db
    .prepare(
      `SELECT c.period, c.${bucket} AS bucket, cr.criterion_id, cr.value_json, cr.na, cr.error_code,
              SUM(cr.evidence_json LIKE '%"verified":false%') AS unverified, COUNT(*) AS n
       FROM ${REPORT_TABLE} c JOIN criterion_results cr ON cr.evaluation_id = c.eid
       GROUP BY c.period, c.${bucket}, cr.criterion_id, cr.value_json, cr.na, cr.error_code`,
    )
    .all() as CriterionValueRow[];
}

/** Criterion verdicts of the current period per human agent or per bot, by value. */
export interface EntityValueRow {
  entity: string;
  criterion_id: string;
  value_json: string;
  na: number;
  error_code: string | null;
  n: number;
  conversations: number;
}

export function entityValues(db: Db, kind: 'agent' | 'bot'): EntityValueRow[] {
  const entity = kind === 'agent' ? 'c.agent_id' : 'c.bot';
  const where = kind === 'agent' ? "c.handler = 'human' AND c.agent_id IS NOT NULL" : 'c.bot IS NOT NULL';
  return db
    .prepare(
      `SELECT ${entity} AS entity, cr.criterion_id, cr.value_json, cr.na, cr.error_code, COUNT(*) AS n, COUNT(DISTINCT c.eid) AS conversations
       FROM ${REPORT_TABLE} c JOIN criterion_results cr ON cr.evaluation_id = c.eid
       WHERE c.period = 'cur' AND ${where}
       GROUP BY ${entity}, cr.criterion_id, cr.value_json, cr.na, cr.error_code`,
    )
    .all() as EntityValueRow[];
}

export interface EntityRow {
  entity: string;
  n: number;
  qa_mean: number | null;
  auto_fail: number;
}

export function entities(db: Db, kind: 'agent' | 'bot'): EntityRow[] {
  const entity = kind === 'agent' ? 'agent_id' : 'bot';
  const where = kind === 'agent' ? "handler = 'human' AND agent_id IS NOT NULL" : 'bot IS NOT NULL';
  return db
    .prepare(
      `SELECT ${entity} AS entity, COUNT(*) AS n, AVG(CASE WHEN status != 'failed' THEN qa_score END) AS qa_mean, SUM(auto_fail) AS auto_fail
       FROM ${REPORT_TABLE} WHERE period = 'cur' AND ${where} GROUP BY ${entity} ORDER BY n DESC, entity`,
    )
    .all() as EntityRow[];
}

/** Up to `perGroup` conversations per (entity, criterion) where the criterion failed: evidence first, lowest QA score first. */
export interface ExampleRow {
  entity: string;
  criterion_id: string;
  tid: string;
}

export function failingExamples(
  db: Db,
  kind: 'agent' | 'bot',
  failing: readonly { criterion_id: string; value_json: string }[],
  wanted: readonly { entity: string; criterion_id: string }[],
  perGroup = 3,
): ExampleRow[] {
  if (failing.length === 0 || wanted.length === 0) return [];
  const entity = kind === 'agent' ? 'c.agent_id' : 'c.bot';
  const where = kind === 'agent' ? "c.handler = 'human' AND c.agent_id IS NOT NULL" : 'c.bot IS NOT NULL';
  return db
    .prepare(
      `WITH fail(criterion_id, value_json) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@failing)),
            want(entity, criterion_id) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@wanted)),
            ranked AS (
              SELECT ${entity} AS entity, cr.criterion_id, c.tid,
                     ROW_NUMBER() OVER (PARTITION BY ${entity}, cr.criterion_id
                                        ORDER BY cr.evidence_json != '[]' DESC, c.qa_score ASC, c.started_at DESC) AS rank
              FROM ${REPORT_TABLE} c JOIN criterion_results cr ON cr.evaluation_id = c.eid
              JOIN fail ON fail.criterion_id = cr.criterion_id AND fail.value_json = cr.value_json
              JOIN want ON want.entity = ${entity} AND want.criterion_id = cr.criterion_id
              WHERE c.period = 'cur' AND ${where} AND cr.na = 0 AND cr.error_code IS NULL)
       SELECT entity, criterion_id, tid FROM ranked WHERE rank <= @perGroup ORDER BY entity, criterion_id, rank`,
    )
    .all({
      failing: JSON.stringify(failing.map((f) => [f.criterion_id, f.value_json])),
      wanted: JSON.stringify(wanted.map((w) => [w.entity, w.criterion_id])),
      perGroup,
    }) as ExampleRow[];
}

/** Governance findings of the selected evaluations per period, day/week, rule and severity (injection suspects included). */
export interface FindingBucketRow {
  period: Period;
  bucket: string;
  rule: string;
  rule_check: string;
  severity: string;
  policy: string | null;
  findings: number;
  conversations: number;
}

export function findingBuckets(db: Db, bucket: Bucket): FindingBucketRow[] {
  return db
    .prepare(
      `SELECT c.period, c.${bucket} AS bucket, COALESCE(f.criterion_id, f.rule_check) AS rule, f.rule_check, f.severity, MAX(f.policy) AS policy,
              COUNT(*) AS findings, COUNT(DISTINCT f.evaluation_id) AS conversations
       FROM ${REPORT_TABLE} c JOIN findings f ON f.evaluation_id = c.eid
       GROUP BY c.period, c.${bucket}, rule, f.rule_check, f.severity`,
    )
    .all() as FindingBucketRow[];
}

/** Conversations per period with at least one failed rule (injection suspects are not violations). */
export function violatingConversations(db: Db): Record<Period, number> {
  const rows = db
    .prepare(
      `SELECT c.period, COUNT(DISTINCT c.eid) AS n FROM ${REPORT_TABLE} c JOIN findings f ON f.evaluation_id = c.eid
       WHERE f.rule_check != ? GROUP BY c.period`,
    )
    .all(INJECTION_CHECK) as { period: Period; n: number }[];
  return { cur: rows.find((r) => r.period === 'cur')?.n ?? 0, prev: rows.find((r) => r.period === 'prev')?.n ?? 0 };
}

/** The latest findings of the current period (evidence is stored masked). */
export interface FindingSampleRow {
  tid: string;
  rule: string;
  rule_check: string;
  severity: string;
  message_index: number | null;
  matched_text: string | null;
  policy: string | null;
  rationale: string | null;
  created_at: string;
}

export function recentFindings(db: Db, limit: number, ruleCheck?: string): FindingSampleRow[] {
  return db
    .prepare(
      `SELECT c.tid, COALESCE(f.criterion_id, f.rule_check) AS rule, f.rule_check, f.severity, f.message_index, f.matched_text, f.policy, f.rationale, f.created_at
       FROM ${REPORT_TABLE} c JOIN findings f ON f.evaluation_id = c.eid
       WHERE c.period = 'cur' ${ruleCheck ? 'AND f.rule_check = @check' : 'AND f.rule_check != @check'}
       ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, c.started_at DESC, f.id
       LIMIT @limit`,
    )
    .all({ check: ruleCheck ?? INJECTION_CHECK, limit }) as FindingSampleRow[];
}

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

/** How many conversations each rubric version and judge covered per day (to mark changes on the trend charts). */
export function versionDays(db: Db): { day: string; rubric_hash: string; judge: string; n: number }[] {
  return db.prepare(`SELECT day, rubric_hash, judge, COUNT(*) AS n FROM ${REPORT_TABLE} GROUP BY day, rubric_hash, judge ORDER BY day`).all() as {
    day: string;
    rubric_hash: string;
    judge: string;
    n: number;
  }[];
}

/** Error codes of the current period's criterion verdicts. */
export function errorCodes(db: Db): { error_code: string; n: number }[] {
  return db
    .prepare(
      `SELECT cr.error_code, COUNT(*) AS n FROM ${REPORT_TABLE} c JOIN criterion_results cr ON cr.evaluation_id = c.eid
       WHERE c.period = 'cur' AND cr.error_code IS NOT NULL GROUP BY cr.error_code ORDER BY n DESC`,
    )
    .all() as { error_code: string; n: number }[];
}

export function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function nullsToZero(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) if (v === null && k !== 'intent') row[k] = 0;
  return row;
}

/** Panel-disputed verdicts of the current period: still open, or settled by a human decision (`cxqa review decide`). */
export function disputeCounts(db: Db, rubricId: string): { open: number; decided: number } {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(d.id IS NULL), 0) AS open, COALESCE(SUM(d.id IS NOT NULL), 0) AS decided
       FROM ${REPORT_TABLE} c JOIN evaluations e ON e.id = c.eid JOIN criterion_results cr ON cr.evaluation_id = c.eid
       LEFT JOIN latest_human_decisions d ON d.transcript_id = c.tid AND d.content_hash = e.content_hash AND d.rubric_id = @rubric AND d.criterion_id = cr.criterion_id
       WHERE c.period = 'cur' AND cr.error_code = 'PANEL_DISPUTED'`,
    )
    .get({ rubric: rubricId }) as { open: number; decided: number };
  return row;
}
