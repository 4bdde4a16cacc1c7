import { INJECTION_CHECK } from '../governance/findings.js';
import type { Bucket, Period } from './report-kpi-queries.js';
import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/** Governance queries of the report: findings of the selected evaluations per period, bucket, rule and severity. */

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
