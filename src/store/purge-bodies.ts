import { ChainedTable } from './hash-chain.js';
import type { Db } from './open-database.js';
import { refreshFacts } from './transcript-facts.js';

/** What one `cxqa purge` removed. */
export interface PurgeResult {
  /** The retention bound: bodies of conversations that started before it were removed. */
  before: string;
  /** Transcript bodies removed (set to NULL; their hash, outline, scores and findings stay). */
  transcripts: number;
  /** Provider batch requests whose copy of the transcript was removed (batches already collected or closed). */
  batch_items: number;
  /** The `purges` row recording this purge. */
  purge_id: number;
  /** Whether the write-ahead log could be emptied: false while another process reads the database (run purge again later). */
  wal_truncated: boolean;
}

/**
 * Removes the bodies of transcripts whose conversation started before `before` (an ISO date or time; compared
 * with julianday, so any UTC offset compares right), keeping everything else: the transcript row with its
 * content hash, body hash and outline, every evaluation, verdict, finding and decision. The body is left out of
 * the row hash (its sha256 is chained instead), so the chain still verifies; a trigger lets exactly this update
 * through. Their `transcript_facts` are recomputed from the outline: the stated reason (message text) is cleared.
 * The copy a provider batch request kept of a transcript is emptied too once its batch is closed. The
 * purge is recorded in `purges` (append-only, hash-chained). `secure_delete` zeroes the freed bytes and a
 * TRUNCATE checkpoint empties the WAL, so the text is gone from the files, not only from the tables.
 */
export function purgeBodies(db: Db, before: string, now = new Date().toISOString()): PurgeResult {
  db.pragma('secure_delete = ON');
  const purge = db.transaction(() => {
    // Their facts become what the outline says: the stated reason (message text) goes, the rest stays.
    refreshFacts(db, 'body_json IS NOT NULL AND julianday(started_at) < julianday(?)', [before], 'outline');
    const transcripts = db
      .prepare('UPDATE transcripts SET body_json = NULL WHERE body_json IS NOT NULL AND julianday(started_at) < julianday(?)')
      .run(before).changes;
    const batchItems = db
      .prepare(
        `UPDATE provider_batch_items SET transcript_json = 'null'
         WHERE transcript_json <> 'null'
           AND batch_id IN (SELECT id FROM provider_batches WHERE status NOT IN ('pending', 'ended'))
           AND EXISTS (SELECT 1 FROM transcripts t WHERE t.id = provider_batch_items.transcript_id AND t.content_hash = provider_batch_items.content_hash
                       AND julianday(t.started_at) < julianday(?))`,
      )
      .run(before).changes;
    const purgeId = new ChainedTable(db, 'purges').insert({ created_at: now, before, transcripts, batch_items: batchItems });
    return { transcripts, batchItems, purgeId };
  })();
  const [checkpoint] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return {
    before,
    transcripts: purge.transcripts,
    batch_items: purge.batchItems,
    purge_id: purge.purgeId,
    wal_truncated: checkpoint !== undefined && checkpoint.busy === 0,
  };
}
