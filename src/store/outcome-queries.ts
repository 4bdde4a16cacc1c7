import { decidedValueSql } from './decision-repository.js';
import { repeatContactSql, selectionCte, type EvaluationSelection } from './evaluation-selection.js';
import { StoreError, type Db } from './open-database.js';
import { FACTS_TABLE, factsOfStored } from './transcript-facts.js';
import type { ConversationFacts, Handler } from '../transcript/conversation-facts.js';

/** One selected evaluation as the outcome report reads it, in report order. */
export interface OutcomeRow {
  status: string;
  intent: string | null;
  /** What the transcript says about its handling: from `transcript_facts`, written when it was stored. */
  facts: ConversationFacts;
  started_at: string;
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
}

/**
 * The selected evaluations with their transcript, decided outcome values and repeat contact, read with a cursor.
 * Repeat contact ({@link repeatContactSql}): a later conversation of the same customer within the window, from any
 * production run, on the same intent where both conversations have one. It is computed inside the one statement,
 * by the `production_latest_customer` index, rather than by a query per conversation. The conversation facts come from
 * `transcript_facts` (no body is parsed); a transcript without its facts row (stored outside cxqa: `audit verify`
 * names it) has them computed from its stored body or outline.
 */
export function* outcomeRows(db: Db, sel: EvaluationSelection, opts: OutcomeQueryOptions): Generator<OutcomeRow> {
  const { sql, params } = selectionCte(sel);
  const rows = db
    .prepare(
      `${sql}
       SELECT s.transcript_id AS tid, s.content_hash AS hash, s.status, s.intent, s.started_at, s.qa_score, s.auto_fail,
              f.handler, f.handed_off, f.customer_turns, f.minutes, f.survey_csat, f.agent_id,
              ${decidedValueSql('s', '@res')} AS resolution,
              ${decidedValueSql('s', '@csat')} AS csat,
              ${decidedValueSql('s', '@handoff')} AS handoff,
              CASE WHEN s.status = 'failed' THEN 0 ELSE ${repeatContactSql('s')} END AS repeat_contact
       FROM selected s
       LEFT JOIN ${FACTS_TABLE} f ON f.transcript_id = s.transcript_id AND f.content_hash = s.content_hash
       ORDER BY s.ord`,
    )
    .iterate({ ...params, res: opts.resolutionCriterion, csat: opts.csatCriterion, handoff: opts.handoffCriterion, repeat_window_ms: opts.windowHours * 3_600_000 }) as IterableIterator<FactsColumns>;
  // A read beside the cursor, for the rare row without facts (a subquery in the statement costs every row ~30 % more).
  const stored = db.prepare('SELECT COALESCE(body_json, outline_json) FROM transcripts WHERE id = ? AND content_hash = ?').pluck();
  for (const { tid, hash, handler, handed_off, customer_turns, minutes, survey_csat, agent_id, ...row } of rows) {
    const facts: ConversationFacts | null =
      handler !== null
        ? { handler, handedOff: handed_off === 1, customerTurns: customer_turns!, minutes, surveyCsat: survey_csat, agentId: agent_id }
        : factsOfStored((stored.get(tid, hash) as string | null | undefined) ?? null);
    if (!facts) throw new StoreError('STORE_FACTS_MISSING', `transcript ${tid} has no transcript_facts row and no stored body or outline to compute them from (see cxqa audit verify)`);
    yield { ...row, facts };
  }
}

/** A row as selected: the transcript's key and its facts columns (null without a facts row). */
type FactsColumns = Omit<OutcomeRow, 'facts'> & {
  tid: string;
  hash: string;
  handler: Handler | null;
  handed_off: number | null;
  customer_turns: number | null;
  minutes: number | null;
  survey_csat: number | null;
  agent_id: string | null;
};
