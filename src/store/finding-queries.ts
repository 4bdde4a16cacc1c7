import type { Severity } from '../rubric/rule-schema.js';
import { INJECTION_CHECK } from '../governance/findings.js';
import { PRODUCTION_RUN } from './evaluation-selection.js';
import type { Db } from './open-database.js';

/** A stored finding as `cxqa violations` and `cxqa audit` print it. */
export interface FindingRecord {
  finding_id: number;
  created_at: string;
  run_id: string;
  evaluation_id: number;
  transcript_id: string;
  /** The conversation's start and human agent (from the stored transcript). */
  conversation_started_at: string | null;
  agent_id: string | null;
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
  /** Findings of evaluations this run covered (including reused ones). Any run, calibrate too, when named. */
  runId?: string;
  /** Findings recorded under any version of this rubric id. */
  rubricId?: string;
  /** Conversation start (not the time the finding was recorded): from / to inclusive, ISO date-times. */
  from?: string;
  to?: string;
  /**
   * One finding per transcript content and rule (criterion, check, message, matched text), the first recorded:
   * a new rubric version or another judge re-finding the same breach does not count it twice. Only production
   * runs (never calibrate, unless `runId` names one).
   */
  distinct?: boolean;
}

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

const COLUMNS = `f.id AS finding_id, f.created_at, f.run_id, f.evaluation_id, f.transcript_id, t.started_at AS conversation_started_at,
       t.agent_id, f.content_hash, f.criterion_id, f.rule_check, f.severity, f.message_index, f.matched_text, f.policy, f.rationale,
       f.rubric_id, f.rubric_version, f.rubric_hash, f.judge, e.judge_fingerprint`;
const FROM = `FROM findings f LEFT JOIN evaluations e ON e.id = f.evaluation_id
LEFT JOIN transcripts t ON t.id = f.transcript_id AND t.content_hash = f.content_hash`;

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
  if (filter.runId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM run_items ri WHERE ri.run_id = @run_id AND ri.evaluation_id = f.evaluation_id)');
    params.run_id = filter.runId;
  }
  if (filter.rubricId !== undefined) {
    where.push('f.rubric_id = @rubric_id');
    params.rubric_id = filter.rubricId;
  }
  if (filter.from !== undefined) {
    where.push('julianday(t.started_at) >= julianday(@from)');
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push('julianday(t.started_at) <= julianday(@to)');
    params.to = filter.to;
  }
  if (filter.distinct && filter.runId === undefined) {
    where.push(
      `(EXISTS (SELECT 1 FROM runs r WHERE r.id = f.run_id AND ${PRODUCTION_RUN})
        OR EXISTS (SELECT 1 FROM run_items pri JOIN runs r ON r.id = pri.run_id WHERE pri.evaluation_id = f.evaluation_id AND ${PRODUCTION_RUN}))`,
    );
  }
  const conditions = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const sql = filter.distinct
    ? `WITH matched AS (
         SELECT ${COLUMNS},
                ROW_NUMBER() OVER (PARTITION BY f.transcript_id, f.content_hash, IFNULL(f.criterion_id, ''), f.rule_check,
                                   IFNULL(f.message_index, -1), IFNULL(f.matched_text, '') ORDER BY f.id) AS copy
         ${FROM}${conditions})
       SELECT * FROM matched WHERE copy = 1 ORDER BY created_at, finding_id`
    : `SELECT ${COLUMNS} ${FROM}${conditions} ORDER BY f.created_at, f.id`;
  const rows = db.prepare(sql).iterate(params) as IterableIterator<FindingRecord & { copy?: number }>;
  for (const row of rows) {
    if (filter.distinct) delete row.copy;
    yield row;
  }
}

/** Every rule a finding can be filtered by: rule criterion ids of stored rubrics, rule checks, and what findings hold. */
export function knownRuleIds(db: Db): string[] {
  const ids = new Set<string>();
  for (const { body_json } of db.prepare('SELECT body_json FROM rubrics').all() as { body_json: string }[]) {
    const body = JSON.parse(body_json) as { criteria?: { id: string; kind: string; rule?: { check?: string } }[] };
    for (const c of body.criteria ?? []) {
      if (c.kind !== 'rule') continue;
      ids.add(c.id);
      if (c.rule?.check) ids.add(c.rule.check);
    }
  }
  for (const row of db.prepare('SELECT DISTINCT criterion_id, rule_check FROM findings').all() as { criterion_id: string | null; rule_check: string }[]) {
    if (row.criterion_id) ids.add(row.criterion_id);
    ids.add(row.rule_check);
  }
  ids.add(INJECTION_CHECK);
  return [...ids].sort();
}
