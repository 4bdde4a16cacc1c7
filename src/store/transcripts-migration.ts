import { redactAtRest } from '../governance/redact-at-rest.js';
import type { Transcript } from '../transcript/schema.js';
import { sha256 } from '../shared/hash.js';
import { appendOnlyTriggers, backfillChain } from './chain-migration.js';
import type { Migration } from './migration.js';
import type { Db } from './open-database.js';

/**
 * Migration 13: the body hash and outline of every transcript stored before (its body stays as it was, in clear
 * for databases written by earlier versions; `cxqa purge` can remove it). Runs before the table is chained.
 */
export function transcriptsChainUpgrade(db: Db): void {
  const set = db.prepare('UPDATE transcripts SET body_sha256 = ?, outline_json = ? WHERE seq = ?');
  // In pages: better-sqlite3 cannot write while a cursor is open, and a large store must not be loaded whole.
  const page = db.prepare('SELECT seq, body_json FROM transcripts WHERE seq > ? ORDER BY seq LIMIT 2000');
  let after = 0;
  for (;;) {
    const rows = page.all(after) as { seq: number; body_json: string }[];
    if (rows.length === 0) return;
    for (const row of rows) {
      after = row.seq;
      set.run(sha256(row.body_json), outlineOf(row.body_json), row.seq);
    }
  }
}

/** The outline of a stored body; null for a body that is not a transcript (a migration must not fail on old data). */
function outlineOf(body: string): string | null {
  try {
    const t = JSON.parse(body) as Transcript;
    return Array.isArray(t?.messages) ? redactAtRest(t).outlineJson : null;
  } catch {
    return null;
  }
}

/** Migration 13: no raw text at rest (the body purgeable, its hash chained), purges recorded. */
export const transcriptsAtRestMigration: Migration = {
  version: 13,
  name: 'no raw text at rest: transcripts hash-chained with a purgeable body, purges recorded',
  foreignKeysOff: true,
  sql: `
    -- The body is stored as store.text says (redacted by default, see src/governance/redact-at-rest.ts) and may be
    -- removed later (cxqa purge): it is nullable and left out of the row hash; body_sha256 (sha256 of the body as
    -- stored) is chained instead. outline_json is the transcript without message text (redacted): outcome metrics
    -- still have roles, times, events and survey answers once a body is gone. seq is an explicit rowid (VACUUM
    -- keeps it). Bodies stored by earlier versions stay as they were (in clear): cxqa purge removes them.
    CREATE TABLE transcripts_v13 (
      seq           INTEGER PRIMARY KEY,
      id            TEXT NOT NULL,
      content_hash  TEXT NOT NULL,
      channel       TEXT NOT NULL,
      started_at    TEXT NOT NULL,
      customer_id   TEXT NOT NULL,
      agent_id      TEXT,
      intent        TEXT,
      message_count INTEGER NOT NULL,
      body_json     TEXT,
      body_sha256   TEXT,
      outline_json  TEXT,
      row_hash      TEXT,
      UNIQUE (id, content_hash)
    );
    INSERT INTO transcripts_v13 (seq, id, content_hash, channel, started_at, customer_id, agent_id, intent, message_count, body_json)
    SELECT rowid, id, content_hash, channel, started_at, customer_id, agent_id, intent, message_count, body_json FROM transcripts ORDER BY rowid;
    DROP TABLE transcripts;
    ALTER TABLE transcripts_v13 RENAME TO transcripts;
    CREATE INDEX transcripts_started_at ON transcripts (started_at);
    CREATE INDEX transcripts_customer ON transcripts (customer_id, started_at);

    -- One row per cxqa purge: the retention bound (conversations that started before it lost their body) and what it removed.
    CREATE TABLE purges (
      id          INTEGER PRIMARY KEY,
      created_at  TEXT NOT NULL,
      before      TEXT NOT NULL,
      transcripts INTEGER NOT NULL,
      batch_items INTEGER NOT NULL,
      row_hash    TEXT
    );
  `,
  upgrade: (db) => {
    transcriptsChainUpgrade(db);
    backfillChain(db, ['transcripts']);
    db.exec(appendOnlyTriggers(['purges']));
    db.exec(TRANSCRIPT_TRIGGERS);
  },
};

/**
 * Transcripts are append-only too, with one exception: `cxqa purge` may set `body_json` to NULL (nothing else
 * changes; the body is not in the row hash, its sha256 is, and `audit verify` checks a purge covers it).
 */
const TRANSCRIPT_TRIGGERS = `
  CREATE TRIGGER transcripts_no_delete BEFORE DELETE ON transcripts
  BEGIN SELECT RAISE(ABORT, 'transcripts are append-only: DELETE is not allowed'); END;
  CREATE TRIGGER transcripts_no_update BEFORE UPDATE ON transcripts
  WHEN NEW.body_json IS NOT NULL OR NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.content_hash IS NOT OLD.content_hash
    OR NEW.channel IS NOT OLD.channel OR NEW.started_at IS NOT OLD.started_at OR NEW.customer_id IS NOT OLD.customer_id
    OR NEW.agent_id IS NOT OLD.agent_id OR NEW.intent IS NOT OLD.intent OR NEW.message_count IS NOT OLD.message_count
    OR NEW.body_sha256 IS NOT OLD.body_sha256 OR NEW.outline_json IS NOT OLD.outline_json OR NEW.row_hash IS NOT OLD.row_hash
  BEGIN SELECT RAISE(ABORT, 'transcripts are append-only: UPDATE is not allowed (cxqa purge may only remove a body)'); END;`;
