import type { Migration } from './migration.js';

/**
 * Milliseconds since the Unix epoch of a time written with any UTC offset, exactly as `julianday()` reads it
 * (SQLite keeps times as integer milliseconds: the rounding only undoes the floating-point division), NULL for
 * a time it cannot read. Comparing two of these is comparing their `julianday()`.
 */
export function epochMsSql(time: string): string {
  return `CAST(round((julianday(${time}) - 2440587.5) * 86400000) AS INTEGER)`;
}

/**
 * Upserts, for each evaluation `e` the `where` clause picks, its row of `production_latest`: the latest
 * evaluation of that transcript content under that rubric id (most recently created, ties the higher id). The
 * caller picks only evaluations a production run covered.
 */
function upsertLatest(where: string): string {
  return `INSERT INTO production_latest (rubric_id, transcript_id, content_hash, evaluation_id, created_at, start_ms, started_at, customer_id, agent_id, intent)
    SELECT rb.id, e.transcript_id, e.content_hash, e.id, e.created_at, ${epochMsSql('t.started_at')}, t.started_at, t.customer_id, t.agent_id, t.intent
    FROM evaluations e
    JOIN rubrics rb ON rb.hash = e.rubric_hash
    JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash
    WHERE ${where}
    ON CONFLICT (rubric_id, transcript_id, content_hash) DO UPDATE SET evaluation_id = excluded.evaluation_id, created_at = excluded.created_at
    WHERE excluded.created_at > production_latest.created_at
       OR (excluded.created_at = production_latest.created_at AND excluded.evaluation_id > production_latest.evaluation_id)`;
}

/**
 * Migration 16: `production_latest`, derived from the chained history and kept by a trigger (so every write
 * path, `score`, `batch collect`, `merge`, keeps it without JavaScript), filled for the rows stored before.
 *
 * Why one trigger is enough: an evaluation counts from the moment a run item of a production run refers to it,
 * and with foreign keys on (openDatabase) that run item is inserted after its run, its evaluation, and the
 * evaluation's transcript and rubric. Nothing it is computed from changes afterwards: evaluations, run items and
 * transcripts are append-only (a purge only removes a body), and a run's command cannot change (refused below).
 * `cxqa audit verify` recomputes the table and names the first transcript where it differs.
 */
export const productionLatestMigration: Migration = {
  version: 16,
  name: 'period selection and repeat contact read a derived table of the latest production evaluations',
  sql: `
    -- Derived (not chained; cxqa audit verify recomputes it): one row per (rubric id, transcript content) that a
    -- production run (any command but calibrate) covered, naming its latest evaluation (most recently created,
    -- ties the higher id), with the conversation facts period selection and repeat contact look up: start as
    -- Unix milliseconds (start_ms, NULL when unreadable; started_at may carry any UTC offset), customer, intent.
    CREATE TABLE production_latest (
      id            INTEGER PRIMARY KEY,
      rubric_id     TEXT NOT NULL,
      transcript_id TEXT NOT NULL,
      content_hash  TEXT NOT NULL,
      evaluation_id INTEGER NOT NULL,
      created_at    TEXT NOT NULL,
      start_ms      INTEGER,
      started_at    TEXT NOT NULL,
      customer_id   TEXT NOT NULL,
      agent_id      TEXT,
      intent        TEXT
    );
    CREATE UNIQUE INDEX production_latest_key ON production_latest (rubric_id, transcript_id, content_hash);
    -- A period of a rubric, in report order (conversation start, then transcript id).
    CREATE INDEX production_latest_period ON production_latest (rubric_id, start_ms, transcript_id);
    -- Repeat contact: the same customer's later conversations (covering: no table row is read).
    CREATE INDEX production_latest_customer ON production_latest (customer_id, start_ms, transcript_id, intent);

    CREATE TRIGGER production_latest_on_run_item AFTER INSERT ON run_items
    WHEN NEW.evaluation_id IS NOT NULL AND EXISTS (SELECT 1 FROM runs r WHERE r.id = NEW.run_id AND r.command <> 'calibrate')
    BEGIN
      ${upsertLatest('e.id = NEW.evaluation_id')};
    END;

    CREATE TRIGGER runs_command_fixed BEFORE UPDATE OF command ON runs WHEN NEW.command IS NOT OLD.command
    BEGIN SELECT RAISE(ABORT, 'a run''s command cannot change (it decides whether its results are production data)'); END;

    ${upsertLatest(`e.id IN (SELECT ri.evaluation_id FROM run_items ri JOIN runs r ON r.id = ri.run_id WHERE r.command <> 'calibrate')`)};
  `,
};
