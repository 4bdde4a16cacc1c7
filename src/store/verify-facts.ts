import type { Db } from './open-database.js';
import { FACT_COLUMNS, FACTS_TABLE, factsOfStored, factsRowOf, type FactsRow } from './transcript-facts.js';

/** One transcript whose stored facts are not what its stored body (or outline) says. */
export interface FactsProblem {
  /** `differs`: a value is wrong; `missing`: no facts row; `extra`: a facts row with no such transcript, or none computable. */
  kind: 'differs' | 'missing' | 'extra';
  transcript_id: string;
  content_hash: string;
  /** The transcript's row (`transcripts.seq`); null for a facts row without a transcript. */
  seq: number | null;
  message: string;
}

export interface FactsCheck {
  /** Transcripts whose facts were recomputed. */
  rows: number;
  /** How many transcripts' facts are wrong, missing or extra. */
  problems: number;
  /** The first of them (at most {@link LISTED}), in transcript order. */
  listed: FactsProblem[];
}

const LISTED = 20;

/**
 * Recomputes every transcript's facts from its stored body (its outline once purged) and compares them with
 * `transcript_facts`: a wrong number there would be a wrong number in every outcome and report figure that looks
 * right. Reads with a cursor.
 */
export function verifyFacts(db: Db): FactsCheck {
  const check: FactsCheck = { rows: 0, problems: 0, listed: [] };
  const add = (p: FactsProblem) => {
    check.problems += 1;
    if (check.listed.length < LISTED) check.listed.push(p);
  };
  const rows = db
    .prepare(
      `SELECT t.seq, t.id, t.content_hash, COALESCE(t.body_json, t.outline_json) AS json, f.transcript_id IS NOT NULL AS has_facts,
              ${FACT_COLUMNS.map((c) => `f.${c}`).join(', ')}
       FROM transcripts t LEFT JOIN ${FACTS_TABLE} f ON f.transcript_id = t.id AND f.content_hash = t.content_hash
       ORDER BY t.seq`,
    )
    .iterate() as IterableIterator<FactsRow & { seq: number; id: string; content_hash: string; json: string | null; has_facts: number }>;
  for (const row of rows) {
    check.rows += 1;
    const facts = factsOfStored(row.json);
    const where = `transcript ${row.id} (transcripts row ${row.seq})`;
    const base = { transcript_id: row.id, content_hash: row.content_hash, seq: row.seq };
    if (!facts) {
      if (row.has_facts) add({ ...base, kind: 'extra', message: `${FACTS_TABLE} of ${where} exist, but its stored body is not a transcript they could come from` });
      continue;
    }
    if (!row.has_facts) {
      add({ ...base, kind: 'missing', message: `${where} has no ${FACTS_TABLE} row` });
      continue;
    }
    const expected = factsRowOf(facts);
    const wrong = FACT_COLUMNS.filter((c) => expected[c] !== row[c]);
    if (wrong.length > 0) {
      const detail = wrong.map((c) => `${c} ${JSON.stringify(row[c])} stored, ${JSON.stringify(expected[c])} in the transcript`).join('; ');
      add({ ...base, kind: 'differs', message: `${FACTS_TABLE} of ${where} differ from its stored body: ${detail}` });
    }
  }
  const orphans = db
    .prepare(`SELECT transcript_id, content_hash FROM ${FACTS_TABLE} f WHERE NOT EXISTS (SELECT 1 FROM transcripts t WHERE t.id = f.transcript_id AND t.content_hash = f.content_hash)`)
    .iterate() as IterableIterator<{ transcript_id: string; content_hash: string }>;
  for (const o of orphans) {
    add({ ...o, seq: null, kind: 'extra', message: `${FACTS_TABLE} row of transcript ${o.transcript_id} (content ${o.content_hash.slice(0, 12)}) has no such stored transcript` });
  }
  return check;
}
