import type { Migration } from './migration.js';
import { refreshFacts } from './transcript-facts.js';

/**
 * Migration 15: `transcript_facts` (see transcript-facts.ts), filled for every transcript already stored from its
 * body or outline. One pass over the bodies: about N s per million conversations (README, upgrade notes).
 */
export const factsMigration: Migration = {
  version: 15,
  name: 'per-transcript facts for period queries (derived, not chained)',
  sql: `
    -- What outcome and report queries group by, computed from the stored body (its outline once purged or never
    -- stored) when the transcript is stored: handler, hand-off, abandonment after it, customer turns, minutes,
    -- survey answers, agent, bot and the stated reason (the customer's first message, redacted as the body is;
    -- cxqa purge clears it). Derived data: not hash-chained; cxqa audit verify recomputes every row.
    CREATE TABLE transcript_facts (
      transcript_id           TEXT NOT NULL,
      content_hash            TEXT NOT NULL,
      handler                 TEXT NOT NULL CHECK (handler IN ('bot', 'human', 'none')),
      handed_off              INTEGER NOT NULL,
      customer_turns          INTEGER NOT NULL,
      minutes                 REAL,
      survey_csat             INTEGER,
      survey_ces              INTEGER,
      survey_nps              INTEGER,
      agent_id                TEXT,
      bot                     TEXT,
      abandoned_after_handoff INTEGER NOT NULL,
      reason                  TEXT,
      PRIMARY KEY (transcript_id, content_hash)
    ) WITHOUT ROWID;
  `,
  upgrade: (db) => {
    refreshFacts(db, '1', [], 'stored');
  },
};
