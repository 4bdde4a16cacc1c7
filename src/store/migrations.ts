import { hashChainMigration } from './chain-migration.js';
import { factsMigration } from './facts-migration.js';
import { productionLatestMigration } from './production-latest-migration.js';
import { transcriptsAtRestMigration } from './transcripts-migration.js';
import { batchEstimateMigration } from './batch-estimate-migration.js';
import { transcriptHeaderMigration } from './transcript-header-migration.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, transcripts, evaluations, criterion results',
    sql: `
      CREATE TABLE runs (
        id             TEXT PRIMARY KEY,
        command        TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
        started_at     TEXT NOT NULL,
        finished_at    TEXT,
        input          TEXT,
        rubric_id      TEXT NOT NULL,
        rubric_version TEXT NOT NULL,
        rubric_hash    TEXT NOT NULL,
        judge          TEXT NOT NULL,
        options_json   TEXT NOT NULL DEFAULT '{}'
      );

      CREATE TABLE rubrics (
        hash      TEXT PRIMARY KEY,
        id        TEXT NOT NULL,
        version   TEXT NOT NULL,
        body_json TEXT NOT NULL
      );

      CREATE TABLE transcripts (
        id            TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        channel       TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        customer_id   TEXT NOT NULL,
        agent_id      TEXT,
        intent        TEXT,
        message_count INTEGER NOT NULL,
        body_json     TEXT NOT NULL,
        PRIMARY KEY (id, content_hash)
      );
      CREATE INDEX transcripts_started_at ON transcripts (started_at);
      CREATE INDEX transcripts_customer ON transcripts (customer_id, started_at);

      -- One evaluation per (transcript content, rubric, judge). Re-running the same work reuses it.
      CREATE TABLE evaluations (
        id             INTEGER PRIMARY KEY,
        transcript_id  TEXT NOT NULL,
        content_hash   TEXT NOT NULL,
        rubric_hash    TEXT NOT NULL REFERENCES rubrics (hash),
        judge          TEXT NOT NULL,
        run_id         TEXT NOT NULL REFERENCES runs (id),
        status         TEXT NOT NULL CHECK (status IN ('scored', 'partial', 'failed')),
        qa_score       REAL,
        auto_fail      INTEGER NOT NULL DEFAULT 0,
        error_code     TEXT,
        error_message  TEXT,
        created_at     TEXT NOT NULL,
        UNIQUE (transcript_id, content_hash, rubric_hash, judge),
        FOREIGN KEY (transcript_id, content_hash) REFERENCES transcripts (id, content_hash)
      );
      CREATE INDEX evaluations_run ON evaluations (run_id);

      CREATE TABLE criterion_results (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
        criterion_id  TEXT NOT NULL,
        kind          TEXT NOT NULL,
        value_json    TEXT NOT NULL,
        na            INTEGER NOT NULL,
        rationale     TEXT NOT NULL,
        evidence_json TEXT NOT NULL,
        judge         TEXT NOT NULL,
        error_code    TEXT,
        error_message TEXT,
        PRIMARY KEY (evaluation_id, criterion_id)
      );

      -- What each run covered: new evaluations, reused ones, and lines that could not be scored.
      CREATE TABLE run_items (
        id            INTEGER PRIMARY KEY,
        run_id        TEXT NOT NULL REFERENCES runs (id),
        source_line   INTEGER,
        transcript_id TEXT,
        evaluation_id INTEGER REFERENCES evaluations (id) ON DELETE SET NULL,
        status        TEXT NOT NULL CHECK (status IN ('scored', 'reused', 'failed', 'invalid')),
        error_code    TEXT,
        error_field   TEXT,
        error_message TEXT
      );
      CREATE INDEX run_items_run ON run_items (run_id, status);
    `,
  },
  {
    version: 2,
    name: 'judge cache, usage and cost per evaluation and per call, panel votes',
    sql: `
      -- Judge responses keyed by sha256(judge fingerprint, rubric hash, transcript hash, sorted criterion ids).
      -- Only responses without any error verdict are stored.
      CREATE TABLE judge_cache (
        key           TEXT PRIMARY KEY,
        judge         TEXT NOT NULL,
        response_json TEXT NOT NULL,
        usage_json    TEXT,
        cost_usd      REAL,
        created_at    TEXT NOT NULL
      );

      -- Totals over the calls behind an evaluation. cache_hit = 1 when every call was served from the cache.
      ALTER TABLE evaluations ADD COLUMN input_tokens INTEGER;
      ALTER TABLE evaluations ADD COLUMN output_tokens INTEGER;
      ALTER TABLE evaluations ADD COLUMN cached_input_tokens INTEGER;
      ALTER TABLE evaluations ADD COLUMN cost_usd REAL;
      ALTER TABLE evaluations ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0;

      -- One row per provider call (or cache hit, with zero tokens and cost) made by a run.
      -- Kept when a failed evaluation is replaced, so money spent stays on record.
      CREATE TABLE judge_calls (
        id                  INTEGER PRIMARY KEY,
        run_id              TEXT NOT NULL REFERENCES runs (id),
        transcript_id       TEXT NOT NULL,
        evaluation_id       INTEGER REFERENCES evaluations (id) ON DELETE SET NULL,
        judge               TEXT NOT NULL,
        input_tokens        INTEGER,
        output_tokens       INTEGER,
        cached_input_tokens INTEGER,
        cost_usd            REAL,
        cache_hit           INTEGER NOT NULL DEFAULT 0,
        created_at          TEXT NOT NULL
      );
      CREATE INDEX judge_calls_run ON judge_calls (run_id);

      -- Each panel member's answer per criterion; the panel's own verdict is in criterion_results.
      CREATE TABLE panel_votes (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
        criterion_id  TEXT NOT NULL,
        judge         TEXT NOT NULL,
        value_json    TEXT NOT NULL,
        na            INTEGER NOT NULL,
        error_code    TEXT,
        PRIMARY KEY (evaluation_id, criterion_id, judge)
      );
    `,
  },
  {
    version: 3,
    name: 'governance: append-only findings, judge fingerprint per evaluation',
    sql: `
      -- The judge's fingerprint (provider, model, prompt template hash, parameters) when it was evaluated.
      ALTER TABLE evaluations ADD COLUMN judge_fingerprint TEXT;

      -- One row per failed rule verdict's evidence item, and per injection suspect. Append-only (the
      -- triggers below): a new rubric version or changed transcript adds rows, nothing is ever rewritten.
      -- evaluation_id is a plain reference, not a foreign key: a replaced partial evaluation's findings stay.
      CREATE TABLE findings (
        id             INTEGER PRIMARY KEY,
        run_id         TEXT NOT NULL,
        evaluation_id  INTEGER NOT NULL,
        transcript_id  TEXT NOT NULL,
        content_hash   TEXT NOT NULL,
        criterion_id   TEXT,
        rule_check     TEXT NOT NULL,
        severity       TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        message_index  INTEGER,
        matched_text   TEXT,
        policy         TEXT,
        rationale      TEXT,
        rubric_id      TEXT NOT NULL,
        rubric_version TEXT NOT NULL,
        rubric_hash    TEXT NOT NULL,
        judge          TEXT NOT NULL,
        created_at     TEXT NOT NULL
      );
      CREATE INDEX findings_created ON findings (created_at);
      CREATE INDEX findings_transcript ON findings (transcript_id, created_at);
      CREATE INDEX findings_evaluation ON findings (evaluation_id);

      CREATE TRIGGER findings_no_update BEFORE UPDATE ON findings
      BEGIN SELECT RAISE(ABORT, 'findings are append-only: UPDATE is not allowed'); END;
      CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
      BEGIN SELECT RAISE(ABORT, 'findings are append-only: DELETE is not allowed'); END;
    `,
  },
  {
    version: 4,
    name: 'nightly batch: writer lock, run owner process, skipped and unselected counts',
    sql: `
      -- Named locks. 'writer' is held by the one process allowed to store results (score, merge). Taken in a
      -- BEGIN IMMEDIATE transaction; a row whose pid is dead on this host is stale and is taken over.
      CREATE TABLE locks (
        name        TEXT PRIMARY KEY,
        pid         INTEGER NOT NULL,
        host        TEXT NOT NULL,
        command     TEXT NOT NULL,
        run_id      TEXT,
        acquired_at TEXT NOT NULL
      );

      -- The process running a run, so a run left 'running' by a killed process can be told from a live one.
      ALTER TABLE runs ADD COLUMN pid INTEGER;
      ALTER TABLE runs ADD COLUMN host TEXT;
      -- Transcripts a run left out on purpose: started before --since (skipped), outside --sample / --shard (unselected).
      ALTER TABLE runs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN unselected INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 5,
    name: 'provider batch APIs: submitted batches and their requests',
    sql: `
      -- One row per batch submitted to a provider batch API (OpenAI Batch API, Anthropic Message Batches).
      -- status is cxqa's view: pending (provider still working), ended (results ready, not yet stored),
      -- collected, failed (rejected by the provider, see errors_json), expired, cancelled.
      -- provider_status is the provider's own word (validating, in_progress, finalizing, completed, ended, ...).
      -- judge_settings_json holds the non-secret judge settings needed to finish (base URL, temperature,
      -- output budget, call mode); API keys are never stored.
      CREATE TABLE provider_batches (
        id                  TEXT PRIMARY KEY,
        provider            TEXT NOT NULL CHECK (provider IN ('openai', 'anthropic')),
        judge               TEXT NOT NULL,
        run_id              TEXT NOT NULL REFERENCES runs (id),
        status              TEXT NOT NULL CHECK (status IN ('pending', 'ended', 'collected', 'failed', 'expired', 'cancelled')),
        provider_status     TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        request_count       INTEGER NOT NULL,
        input_file_id       TEXT,
        output_file_id      TEXT,
        error_file_id       TEXT,
        rubric_hash         TEXT NOT NULL,
        judge_fingerprint   TEXT NOT NULL,
        judge_settings_json TEXT NOT NULL DEFAULT '{}',
        request_counts_json TEXT,
        errors_json         TEXT,
        collected_at        TEXT
      );
      CREATE INDEX provider_batches_status ON provider_batches (status, created_at);

      -- One row per request of a batch: custom_id -> (transcript, content hash, rubric hash, judge, criteria),
      -- with the transcript body and fence tag needed to finish after a restart.
      -- status: pending, stored (verdicts stored), errored (the provider's error stored as error verdicts),
      -- expired / canceled / failed (nothing stored; the next \`score --mode batch\` submits it again).
      CREATE TABLE provider_batch_items (
        batch_id        TEXT NOT NULL REFERENCES provider_batches (id),
        custom_id       TEXT NOT NULL,
        transcript_id   TEXT NOT NULL,
        content_hash    TEXT NOT NULL,
        rubric_hash     TEXT NOT NULL,
        judge           TEXT NOT NULL,
        criteria        TEXT NOT NULL,
        boundary        TEXT NOT NULL,
        source_line     INTEGER,
        transcript_json TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'stored', 'errored', 'expired', 'canceled', 'failed')),
        error_code      TEXT,
        error_message   TEXT,
        request_id      TEXT,
        PRIMARY KEY (batch_id, custom_id)
      );
      CREATE INDEX provider_batch_items_work ON provider_batch_items (transcript_id, content_hash, rubric_hash, judge, status);
    `,
  },
  {
    version: 6,
    name: 'period reports: find the runs that covered an evaluation',
    sql: `
      -- Period reports keep an evaluation only when a production run (not calibrate) covered it.
      CREATE INDEX run_items_evaluation ON run_items (evaluation_id);
    `,
  },
  {
    version: 7,
    name: 'human decisions: a reviewer settles a criterion (append-only)',
    sql: `
      -- One row per human decision (cxqa review decide): the value a reviewer gave one criterion of one
      -- transcript content under one rubric id. Append-only (triggers below): a reviewer who changes their mind
      -- decides again, and the latest decision wins. value_json is the JSON value ('null' with na = 1).
      -- evaluation_id, judge_value_json and judge_error_code keep what the judge had said when it was decided.
      CREATE TABLE human_decisions (
        id               INTEGER PRIMARY KEY,
        transcript_id    TEXT NOT NULL,
        content_hash     TEXT NOT NULL,
        rubric_id        TEXT NOT NULL,
        rubric_hash      TEXT NOT NULL,
        criterion_id     TEXT NOT NULL,
        value_json       TEXT NOT NULL,
        na               INTEGER NOT NULL,
        reviewer         TEXT NOT NULL,
        note             TEXT,
        evaluation_id    INTEGER,
        judge_value_json TEXT,
        judge_error_code TEXT,
        created_at       TEXT NOT NULL
      );
      CREATE INDEX human_decisions_work ON human_decisions (transcript_id, content_hash, criterion_id, id);

      CREATE TRIGGER human_decisions_no_update BEFORE UPDATE ON human_decisions
      BEGIN SELECT RAISE(ABORT, 'human decisions are append-only: UPDATE is not allowed'); END;
      CREATE TRIGGER human_decisions_no_delete BEFORE DELETE ON human_decisions
      BEGIN SELECT RAISE(ABORT, 'human decisions are append-only: DELETE is not allowed'); END;

      -- The decision in force per (transcript content, rubric id, criterion): the latest one.
      CREATE VIEW latest_human_decisions AS
        SELECT d.* FROM human_decisions d
        WHERE d.id = (SELECT MAX(d2.id) FROM human_decisions d2
                      WHERE d2.transcript_id = d.transcript_id AND d2.content_hash = d.content_hash
                        AND d2.rubric_id = d.rubric_id AND d2.criterion_id = d.criterion_id);
    `,
  },
  {
    version: 8,
    name: 'calibration results with the held-out-human baseline',
    sql: `
      -- One row per criterion of each \`cxqa calibrate\` run: the judge's agreement with the human reference and
      -- the held-out-human baseline (a held-out rater and the judge against the same reference of the other
      -- raters). Append-only: a new calibration adds rows; result_json is the criterion's whole report as
      -- \`calibrate --json\` prints it.
      CREATE TABLE calibration_results (
        id                   INTEGER PRIMARY KEY,
        run_id               TEXT NOT NULL,
        created_at           TEXT NOT NULL,
        eval_file            TEXT NOT NULL,
        rubric_id            TEXT NOT NULL,
        rubric_version       TEXT NOT NULL,
        rubric_hash          TEXT NOT NULL,
        judge                TEXT NOT NULL,
        judge_fingerprint    TEXT NOT NULL,
        criterion_id         TEXT NOT NULL,
        kind                 TEXT NOT NULL,
        n                    INTEGER NOT NULL,
        kappa                REAL,
        weighted_kappa       REAL,
        alpha                REAL,
        human_alpha          REAL,
        baseline_items       INTEGER,
        baseline_human_alpha REAL,
        baseline_judge_alpha REAL,
        human_ratio          REAL,
        human_ratio_low      REAL,
        gates_passed         INTEGER CHECK (gates_passed IN (0, 1)),
        result_json          TEXT NOT NULL
      );
      CREATE INDEX calibration_results_lookup ON calibration_results (rubric_id, criterion_id, judge, created_at);
      CREATE INDEX calibration_results_run ON calibration_results (run_id);

      CREATE TRIGGER calibration_results_no_update BEFORE UPDATE ON calibration_results
      BEGIN SELECT RAISE(ABORT, 'calibration results are append-only: UPDATE is not allowed'); END;
      CREATE TRIGGER calibration_results_no_delete BEFORE DELETE ON calibration_results
      BEGIN SELECT RAISE(ABORT, 'calibration results are append-only: DELETE is not allowed'); END;
    `,
  },
  {
    version: 9,
    name: 'helpdesk pulls: where each incremental pull stopped',
    sql: `
      -- One row per (vendor, account) that cxqa pull reads: the vendor cursor to continue from (cursor_json:
      -- the vendor's own cursor or page, plus the high-water mark updated_at and the ids seen at it, so a
      -- restarted window adds no duplicates), and how far the output file was written when that cursor was
      -- stored (out_path, out_bytes): a killed pull cuts the file back to out_bytes and goes on from there.
      -- No credentials are ever stored here.
      CREATE TABLE pull_state (
        source      TEXT NOT NULL,
        account     TEXT NOT NULL,
        cursor_json TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        out_path    TEXT,
        out_bytes   INTEGER NOT NULL DEFAULT 0,
        records     INTEGER NOT NULL DEFAULT 0,
        started_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        last_error  TEXT,
        PRIMARY KEY (source, account)
      );
    `,
  },
  {
    version: 10,
    name: 'fitted judge models (cxqa fit), versioned',
    sql: `
      -- One row per model stored by \`cxqa fit --db\`: learned from human labels (an eval set or survey CSAT) to map a
      -- judge's output onto one criterion of one rubric id. The id is the version: \`score\` and \`calibrate\` use the
      -- latest row for (rubric_id, criterion_id, judge_fingerprint) unless --fit none. Append-only: a new fit adds a row.
      -- judge_fingerprint is the unfitted judge's; model_json the model (see src/fit/fit-model.ts), cv_json the
      -- k-fold agreement before/after and the held-out-human baseline printed by fit.
      CREATE TABLE judge_fits (
        id                INTEGER PRIMARY KEY,
        created_at        TEXT NOT NULL,
        rubric_id         TEXT NOT NULL,
        criterion_id      TEXT NOT NULL,
        judge             TEXT NOT NULL,
        judge_fingerprint TEXT NOT NULL,
        kind              TEXT NOT NULL,
        source            TEXT NOT NULL,
        labels            INTEGER NOT NULL,
        model_json        TEXT NOT NULL,
        cv_json           TEXT NOT NULL
      );
      CREATE INDEX judge_fits_latest ON judge_fits (rubric_id, criterion_id, judge_fingerprint, id);

      CREATE TRIGGER judge_fits_no_update BEFORE UPDATE ON judge_fits
      BEGIN SELECT RAISE(ABORT, 'judge fits are append-only: UPDATE is not allowed'); END;
      CREATE TRIGGER judge_fits_no_delete BEFORE DELETE ON judge_fits
      BEGIN SELECT RAISE(ABORT, 'judge fits are append-only: DELETE is not allowed'); END;
    `,
  },
  hashChainMigration,
  {
    version: 12,
    name: 'N/A reason codes on criterion results',
    sql: `
      -- Why a judge declined a criterion, on N/A rows (na = 1, error_code NULL): OFFLINE_UNSUPPORTED (no offline
      -- signal for it) or OFFLINE_LANGUAGE (not English). A judging failure is na = 0 with error_code set instead.
      ALTER TABLE criterion_results ADD COLUMN na_code TEXT;
    `,
  },
  transcriptsAtRestMigration,
  {
    version: 14,
    name: 'indexes for period reports over a million conversations',
    sql: `
      -- Covering index of the verdict columns the report and outcome queries read (value, N/A, error, unverified
      -- evidence, any evidence): the decided-value lookups and the one pass over criterion results never read the
      -- table rows (rationale and evidence text, most of the table's size). The expressions are written exactly as
      -- src/store/report-verdict-queries.ts writes them, so SQLite reads them from the index.
      CREATE INDEX criterion_results_verdicts ON criterion_results (
        evaluation_id, criterion_id, value_json, na, error_code,
        instr(evidence_json, '"verified":false') > 0, evidence_json != '[]');
      -- Verdicts with an error (panel disputes, judge failures): a small index for the spotlight and dispute counts.
      CREATE INDEX criterion_results_errors ON criterion_results (error_code, evaluation_id) WHERE error_code IS NOT NULL;
    `,
  },
  factsMigration,
  productionLatestMigration,
  batchEstimateMigration,
  transcriptHeaderMigration,
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
