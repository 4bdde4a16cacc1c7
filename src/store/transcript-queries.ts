import type { Db } from './open-database.js';

/**
 * The stored bodies (parsed JSON, not yet validated) of the latest content of every transcript id whose survey
 * has a CSAT answer, ordered by id. Read with a cursor.
 */
export function* latestTranscriptsWithCsat(db: Db): Generator<unknown> {
  const rows = db
    .prepare(
      `SELECT body_json FROM transcripts t
       WHERE json_extract(t.body_json, '$.survey.csat') IS NOT NULL
         AND t.rowid = (SELECT MAX(u.rowid) FROM transcripts u WHERE u.id = t.id)
       ORDER BY t.id`,
    )
    .iterate() as Iterable<{ body_json: string }>;
  for (const row of rows) yield JSON.parse(row.body_json) as unknown;
}
