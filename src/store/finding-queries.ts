import type { Severity } from '../rubric/rule-schema.js';
import type { Db } from './open-database.js';

/** A stored finding as `cxqa violations` and `cxqa audit` print it. */
export interface FindingRecord {
  finding_id: number;
  created_at: string;
  run_id: string;
  evaluation_id: number;
  transcript_id: string;
  content_hash: string;
  criterion_id: string | null;
  rule_check: string;
  severity: Severity;
  message_index: number | null;
  matched_text: string | null;
  policy: string | null;
  rationale: string | null;
  rubric_id: string;
  rubric_version: string;
  rubric_hash: string;
  judge: string;
  /** Null when the evaluation was later replaced or predates fingerprints. */
  judge_fingerprint: string | null;
}

export interface FindingFilter {
  /** ISO date-time: findings created at or after it. */
  since?: string;
  /** A criterion id or a rule check (`sensitive_data`, `injection`, ...). */
  rule?: string;
  /** Minimum severity: `high` lists high and critical. */
  severity?: Severity;
  transcriptId?: string;
  evaluationId?: number;
}

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

const SELECT = `SELECT f.id AS finding_id, f.created_at, f.run_id, f.evaluation_id, f.transcript_id, f.content_hash, f.criterion_id,
       f.rule_check, f.severity, f.message_index, f.matched_text, f.policy, f.rationale, f.rubric_id, f.rubric_version,
       f.rubric_hash, f.judge, e.judge_fingerprint
FROM findings f LEFT JOIN evaluations e ON e.id = f.evaluation_id`;

/** Findings matching every given filter, oldest first, read with a cursor (large stores are not loaded at once). */
export function* queryFindings(db: Db, filter: FindingFilter = {}): Generator<FindingRecord> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.since !== undefined) {
    where.push('f.created_at >= @since');
    params.since = filter.since;
  }
  if (filter.rule !== undefined) {
    where.push('(f.criterion_id = @rule OR f.rule_check = @rule)');
    params.rule = filter.rule;
  }
  if (filter.severity !== undefined) {
    const allowed = SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(filter.severity));
    where.push(`f.severity IN (${allowed.map((s) => `'${s}'`).join(', ')})`);
  }
  if (filter.transcriptId !== undefined) {
    where.push('f.transcript_id = @transcript_id');
    params.transcript_id = filter.transcriptId;
  }
  if (filter.evaluationId !== undefined) {
    where.push('f.evaluation_id = @evaluation_id');
    params.evaluation_id = filter.evaluationId;
  }
  const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY f.created_at, f.id`;
  yield* db.prepare(sql).iterate(params) as IterableIterator<FindingRecord>;
}
