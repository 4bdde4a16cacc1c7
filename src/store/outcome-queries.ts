import { anyDecision, decidedValueSql } from './decision-repository.js';
import { selectionCte, type EvaluationSelection } from './evaluation-selection.js';
import { epochMsSql } from './production-latest-migration.js';
import { materializeRepeatContacts } from './repeat-contacts.js';
import { StoreError, type Db } from './open-database.js';
import { FACTS_TABLE, factsOfStored } from './transcript-facts.js';
import type { ConversationFacts, Handler } from '../transcript/conversation-facts.js';

/** One selected evaluation as the outcome report reads it. */
export interface OutcomeRow {
  status: string;
  /** What the transcript says about its handling: from `transcript_facts`, written when it was stored. */
  facts: ConversationFacts;
  /** 1 when its repeat-contact window (start + window, start read as repeat contact reads it) ends after `asOf`. */
  window_open: number;
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
  /** The time the report is made: a window that ends after it is open. */
  asOf: Date;
}

/**
 * The selected evaluations with their transcript facts, decided outcome values and repeat contact, read with a
 * cursor, in no report order (every figure is a count, a median or a mean): one run in evaluation id order, a period
 * in the order of the `production_latest_period` index, neither sorted (a sort of a million rows costs ~1–2 s). Repeat contact
 * ({@link materializeRepeatContacts}): a later conversation of the same customer within the window, from any production run,
 * on the same intent where both conversations have one, found for the whole selection first (one pass over the
 * `production_latest_customer` index) and read inside the one statement, not by a query per conversation. The conversation facts come from
 * `transcript_facts` (no body is parsed); a transcript without its facts row (stored outside cxqa: `audit verify`
 * names it) has them computed from its stored body or outline. Rows are read as arrays (`raw`), not objects.
 */
export function* outcomeRows(db: Db, sel: EvaluationSelection, opts: OutcomeQueryOptions): Generator<OutcomeRow> {
  const { sql, params } = selectionCte(sel, { ordered: false });
  const decisions = anyDecision(db);
  const decided = (c: string): string => decidedValueSql('s', c, { decisions });
  const windowMs = opts.windowHours * 3_600_000;
  const repeats = materializeRepeatContacts(db, sel, windowMs);
  try {
    const rows = db
      .prepare(
        `${sql}
         SELECT s.evaluation_id, s.status, CASE WHEN ${epochMsSql('s.started_at')} + @repeat_window_ms > @as_of_ms THEN 1 ELSE 0 END, s.qa_score, s.auto_fail,
                f.handler, f.handed_off, f.customer_turns, f.minutes, f.survey_csat, f.agent_id,
                ${decided('@res')}, ${decided('@csat')}, ${decided('@handoff')},
                CASE WHEN s.status = 'failed' THEN 0 ELSE ${repeats.sql('s')} END
         FROM selected s
         LEFT JOIN ${FACTS_TABLE} f ON f.transcript_id = s.transcript_id AND f.content_hash = s.content_hash`,
      )
      .raw()
      .iterate({ ...params, res: opts.resolutionCriterion, csat: opts.csatCriterion, handoff: opts.handoffCriterion, repeat_window_ms: windowMs, as_of_ms: opts.asOf.getTime() }) as IterableIterator<RawRow>;
    // A read beside the cursor, for the rare row without facts (a subquery in the statement costs every row ~30 % more).
    const stored = db.prepare(
      `SELECT t.id, COALESCE(t.body_json, t.outline_json) FROM evaluations e JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash WHERE e.id = ?`,
    ).raw();
    for (const [evaluationId, status, window_open, qa_score, auto_fail, handler, handedOff, customerTurns, minutes, surveyCsat, agentId, resolution, csat, handoff, repeat_contact] of rows) {
      let facts: ConversationFacts | null;
      if (handler !== null) facts = { handler, handedOff: handedOff === 1, customerTurns: customerTurns!, minutes, surveyCsat, agentId };
      else {
        const [tid, body] = (stored.get(evaluationId) as [string, string | null] | undefined) ?? [`of evaluation ${evaluationId}`, null];
        facts = factsOfStored(body);
        if (!facts) throw new StoreError('STORE_FACTS_MISSING', `transcript ${tid} has no transcript_facts row and no stored body or outline to compute them from (see cxqa audit verify)`);
      }
      yield { status, facts, window_open, qa_score, auto_fail, resolution, csat, handoff, repeat_contact };
    }
  } finally {
    repeats.drop();
  }
}

/** A row as selected, in column order (the facts columns null without a facts row). */
type RawRow = [
  evaluationId: number,
  status: string,
  window_open: number,
  qa_score: number | null,
  auto_fail: number,
  handler: Handler | null,
  handedOff: number | null,
  customerTurns: number | null,
  minutes: number | null,
  surveyCsat: number | null,
  agentId: string | null,
  resolution: string | null,
  csat: string | null,
  handoff: string | null,
  repeat_contact: number,
];
