import { repeatContactSql, type EvaluationSelection } from './evaluation-selection.js';
import type { Db } from './open-database.js';
import { epochMsSql } from './production-latest-migration.js';

/**
 * Repeat contact for a whole selection at once. {@link repeatContactSql} asked per selected conversation is one
 * lookup in the `production_latest_customer` index, in the selection's order, so at random by customer (≈ 3 s of
 * `outcomes` at 1,000,000 conversations). Here the same condition is asked of every production conversation in the
 * customer index's own order, reading that covering index only (`start_ms` is stored as {@link epochMsSql} of the
 * start, which is what repeatContactSql computes from it; each lookup lands next to the last), and the conversations that have a
 * repeat contact are written into a temporary table; a selected conversation then looks itself up there, by
 * transcript id first, which is the selection's order.
 *
 * Why that is the same answer: the condition depends only on the conversation's customer, start, transcript id
 * and intent, and every conversation a production run evaluated has a `production_latest` row with those same
 * four values (the row of its content). So a production selection — a period, or one run that is not `calibrate`
 * — finds each of its conversations in the table exactly when {@link repeatContactSql} would say yes. A
 * `calibrate` run's eval transcripts have no such row: for such a run no table is made, and `sql` is the per-row lookup.
 * Only conversations that started within the selection's bounds (widened by a second, so that no rounding of a
 * start to milliseconds can leave one out) are asked.
 */
export function materializeRepeatContacts(db: Db, sel: EvaluationSelection, windowMs: number): RepeatContacts {
  if (sel.runId !== undefined) {
    const run = db.prepare('SELECT command FROM runs WHERE id = ?').get(sel.runId) as { command: string } | undefined;
    if (!run || run.command === 'calibrate') return { sql: (alias, tidColumn) => repeatContactSql(alias, tidColumn), drop: () => {} };
  }
  const table = `temp.repeat_contacts_${++made}`;
  const params: Record<string, string | number> = { repeat_window_ms: windowMs };
  const bounds: string[] = [];
  if (sel.from !== undefined) {
    bounds.push(`p.start_ms >= ${epochMsSql('@rc_from')} - 1000`);
    params.rc_from = sel.from;
  }
  if (sel.to !== undefined) {
    bounds.push(`p.start_ms <= ${epochMsSql('@rc_to')} + 1000`);
    params.rc_to = sel.to;
  }
  // One b-tree (WITHOUT ROWID), whose key is all of it; a key cannot hold NULL, so "no intent" is has_intent = 0.
  db.exec(`CREATE TABLE ${table} (transcript_id TEXT NOT NULL, start_ms INTEGER NOT NULL, customer_id TEXT NOT NULL, has_intent INTEGER NOT NULL,
    intent TEXT NOT NULL, PRIMARY KEY (transcript_id, start_ms, customer_id, has_intent, intent)) WITHOUT ROWID`);
  const drop = (): void => {
    db.exec(`DROP TABLE IF EXISTS ${table}`);
  };
  try {
    db.prepare(
      `INSERT OR IGNORE INTO ${table}
       SELECT p.transcript_id, p.start_ms, p.customer_id, p.intent IS NOT NULL, COALESCE(p.intent, '') FROM production_latest p INDEXED BY production_latest_customer
       WHERE ${[...bounds, repeatContactSql('p', 'transcript_id', 'p.start_ms')].join(' AND ')}`,
    ).run(params);
  } catch (err) {
    drop();
    throw err;
  }
  return {
    sql: (alias, tidColumn = 'transcript_id') =>
      `EXISTS (SELECT 1 FROM ${table} rcx WHERE rcx.transcript_id = ${alias}.${tidColumn} AND rcx.start_ms = ${epochMsSql(`${alias}.started_at`)}
         AND rcx.customer_id = ${alias}.customer_id AND rcx.has_intent = (${alias}.intent IS NOT NULL) AND rcx.intent = COALESCE(${alias}.intent, ''))`,
    drop,
  };
}

/** Repeat contact of a selection's conversations, mostly from a temporary table (drop it when done, in a `finally`). */
export interface RepeatContacts {
  /** SQL condition: the selected row `alias` (columns transcript id, started_at, customer_id, intent) has a repeat contact. */
  sql(alias: string, tidColumn?: string): string;
  drop(): void;
}

let made = 0;
