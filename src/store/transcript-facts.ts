import { transcriptFacts, type Handler, type TranscriptFacts } from '../transcript/conversation-facts.js';
import type { Transcript } from '../transcript/schema.js';
import type { Db } from './open-database.js';

/**
 * `transcript_facts`: one row per stored transcript (id, content hash) with its {@link TranscriptFacts}, written in
 * the transaction that stores the transcript, so period queries read a small row instead of parsing a body. A
 * derived table, not history: it is not hash-chained, `cxqa purge` rewrites it (from the outline), and `cxqa audit
 * verify` recomputes every row from the stored body or outline (see verify-facts.ts).
 */
export const FACTS_TABLE = 'transcript_facts';

/** The stored columns of a facts row (besides the key), in table order. */
export const FACT_COLUMNS = [
  'handler',
  'handed_off',
  'customer_turns',
  'minutes',
  'survey_csat',
  'survey_ces',
  'survey_nps',
  'agent_id',
  'bot',
  'abandoned_after_handoff',
  'reason',
] as const;
export type FactColumn = (typeof FACT_COLUMNS)[number];

export type FactsRow = Record<FactColumn, string | number | null>;

/** A facts row as stored (booleans as 0 / 1). */
export function factsRowOf(f: TranscriptFacts): FactsRow {
  return {
    handler: f.handler,
    handed_off: f.handedOff ? 1 : 0,
    customer_turns: f.customerTurns,
    minutes: f.minutes,
    survey_csat: f.surveyCsat,
    survey_ces: f.surveyCes,
    survey_nps: f.surveyNps,
    agent_id: f.agentId,
    bot: f.bot,
    abandoned_after_handoff: f.abandonedAfterHandoff ? 1 : 0,
    reason: f.statedReason,
  };
}

/** The facts a stored row holds. */
export function factsOfRow(r: FactsRow): TranscriptFacts {
  return {
    handler: r.handler as Handler,
    handedOff: r.handed_off === 1,
    customerTurns: r.customer_turns as number,
    minutes: r.minutes as number | null,
    surveyCsat: r.survey_csat as number | null,
    surveyCes: r.survey_ces as number | null,
    surveyNps: r.survey_nps as number | null,
    agentId: r.agent_id as string | null,
    bot: r.bot as string | null,
    abandonedAfterHandoff: r.abandoned_after_handoff === 1,
    statedReason: r.reason as string | null,
  };
}

/**
 * The facts of a transcript as stored (its body, else its outline: JSON); null when there is nothing to compute
 * them from (no body and no outline, or a body an old version stored that is not a transcript).
 */
export function factsOfStored(json: string | null): TranscriptFacts | null {
  if (json === null) return null;
  let t: Transcript;
  try {
    t = JSON.parse(json) as Transcript;
  } catch {
    return null;
  }
  return t !== null && typeof t === 'object' && Array.isArray(t.messages) ? transcriptFacts(t) : null;
}

/** Writes (or rewrites) facts rows; use inside the transaction that stores the transcript. */
export class FactsWriter {
  private readonly upsert;
  private readonly remove;

  constructor(db: Db) {
    this.remove = db.prepare(`DELETE FROM main.${FACTS_TABLE} WHERE transcript_id = ? AND content_hash = ?`);
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO main.${FACTS_TABLE} (transcript_id, content_hash, ${FACT_COLUMNS.join(', ')})
       VALUES (@transcript_id, @content_hash, ${FACT_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
  }

  /**
   * Stores the facts of a transcript from what is stored of it (`storedJson`: the body, else the outline); with
   * nothing to compute them from, a row computed earlier (from a body since purged) is removed.
   */
  write(transcriptId: string, contentHash: string, storedJson: string | null): void {
    const facts = factsOfStored(storedJson);
    if (facts) this.upsert.run({ transcript_id: transcriptId, content_hash: contentHash, ...factsRowOf(facts) });
    else this.remove.run(transcriptId, contentHash);
  }
}

/**
 * Recomputes the facts of every transcript matching `where` (an SQL condition on `transcripts`, with `params`)
 * from its stored body (`source: 'stored'`: the body, else the outline) or from its outline only (`'outline'`: what
 * is left once the body is purged), in pages of rowid order: better-sqlite3 cannot write while a cursor is open,
 * and a large store must not be loaded whole. Returns the transcripts read.
 */
export function refreshFacts(db: Db, where: string, params: readonly unknown[], source: 'stored' | 'outline'): number {
  const json = source === 'stored' ? 'COALESCE(body_json, outline_json)' : 'outline_json';
  const page = db.prepare(`SELECT seq, id, content_hash, ${json} AS json FROM transcripts WHERE seq > ? AND (${where}) ORDER BY seq LIMIT 2000`);
  const writer = new FactsWriter(db);
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = page.all(after, ...params) as { seq: number; id: string; content_hash: string; json: string | null }[];
    if (rows.length === 0) return n;
    for (const row of rows) {
      after = row.seq;
      writer.write(row.id, row.content_hash, row.json);
      n += 1;
    }
  }
}
