import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/** One conversation of `temp.report_conv` with everything the conversation viewer shows. */
export interface ConversationDetailRow {
  tid: string;
  eid: number;
  /** The stored body, or its outline (no message text) when it was purged or never stored (`text_stored` 0). */
  body_json: string;
  text_stored: number;
  status: string;
  qa_score: number | null;
  auto_fail: number;
  judge: string;
  rubric_hash: string;
  run_id: string;
  repeat_contact: number;
  auto_csat: number | null;
  survey_csat: number | null;
  bot: string | null;
  verdicts: { criterion_id: string; value_json: string; na: number; rationale: string; evidence_json: string; judge: string; error_code: string | null; error_message: string | null }[];
  findings: { rule: string; rule_check: string; severity: string; message_index: number | null; matched_text: string | null; policy: string | null; rationale: string | null }[];
}

/** Full detail of the given conversations (ids of `temp.report_conv`), in the order given; unknown ids are skipped. */
export function conversationDetails(db: Db, tids: readonly string[]): ConversationDetailRow[] {
  const main = db.prepare(
    `SELECT c.tid, c.eid, COALESCE(t.body_json, t.outline_json) AS body_json, t.body_json IS NOT NULL AS text_stored, c.status, c.qa_score, c.auto_fail, c.judge, c.rubric_hash, c.run_id, c.repeat_contact, c.auto_csat, c.survey_csat, c.bot
     FROM ${REPORT_TABLE} c JOIN evaluations e ON e.id = c.eid JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash
     WHERE c.tid = ? ORDER BY c.eid DESC LIMIT 1`,
  );
  const verdicts = db.prepare(
    `SELECT criterion_id, value_json, na, rationale, evidence_json, judge, error_code, error_message FROM criterion_results WHERE evaluation_id = ? ORDER BY rowid`,
  );
  const findings = db.prepare(
    `SELECT COALESCE(criterion_id, rule_check) AS rule, rule_check, severity, message_index, matched_text, policy, rationale FROM findings WHERE evaluation_id = ? ORDER BY id`,
  );
  const out: ConversationDetailRow[] = [];
  for (const tid of tids) {
    const row = main.get(tid) as Omit<ConversationDetailRow, 'verdicts' | 'findings'> | undefined;
    if (!row) continue;
    out.push({
      ...row,
      verdicts: verdicts.all(row.eid) as ConversationDetailRow['verdicts'],
      findings: findings.all(row.eid) as ConversationDetailRow['findings'],
    });
  }
  return out;
}

/** Ids of current-period conversations not in `exclude`, worst first (auto-fail, lowest QA score), then newest; at most `limit`. */
export function otherConversationIds(db: Db, limit: number, exclude: ReadonlySet<string>): string[] {
  if (limit <= 0) return [];
  const rows = db
    .prepare(
      `SELECT tid FROM ${REPORT_TABLE} WHERE period = 'cur' ORDER BY auto_fail DESC, qa_score IS NULL DESC, qa_score ASC, ts DESC LIMIT ?`,
    )
    .all(limit + exclude.size) as { tid: string }[];
  const out: string[] = [];
  for (const r of rows) {
    if (out.length >= limit) break;
    if (!exclude.has(r.tid)) out.push(r.tid);
  }
  return out;
}
