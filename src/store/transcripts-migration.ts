import { redactAtRest } from '../governance/redact-at-rest.js';
import type { Transcript } from '../transcript/schema.js';
import { sha256 } from '../shared/hash.js';
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
