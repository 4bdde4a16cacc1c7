import type { EvaluationKey } from './evaluation-repository.js';
import type { Db } from './open-database.js';
import type { BatchFailure, BatchProvider, BatchState } from '../values/provider-batch.js';

/** cxqa's state of a stored batch (see migration 5). */
export type StoredBatchStatus = 'pending' | 'ended' | 'collected' | 'failed' | 'expired' | 'cancelled';
/** State of one request of a batch. */
export type BatchItemStatus = 'pending' | 'stored' | 'errored' | 'expired' | 'canceled' | 'failed';

/** A row of `provider_batches`. */
export interface BatchRow {
  id: string;
  provider: BatchProvider;
  judge: string;
  run_id: string;
  status: StoredBatchStatus;
  provider_status: string;
  created_at: string;
  updated_at: string;
  request_count: number;
  input_file_id: string | null;
  output_file_id: string | null;
  error_file_id: string | null;
  rubric_hash: string;
  judge_fingerprint: string;
  judge_settings_json: string;
  request_counts_json: string | null;
  errors_json: string | null;
  collected_at: string | null;
  /** What the batch was estimated to cost at submission (USD, batch price); null when unpriced or from before migration 17. */
  estimated_cost_usd: number | null;
}

/** A row of `provider_batch_items`. */
export interface BatchItemRow {
  batch_id: string;
  custom_id: string;
  transcript_id: string;
  content_hash: string;
  rubric_hash: string;
  judge: string;
  /** Comma-separated ids of the judged criteria the request answers. */
  criteria: string;
  boundary: string;
  source_line: number | null;
  transcript_json: string;
  status: BatchItemStatus;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
}

/** What is stored when a batch is submitted. */
export interface NewBatch {
  state: BatchState;
  provider: BatchProvider;
  judge: string;
  runId: string;
  rubricHash: string;
  judgeFingerprint: string;
  /** Non-secret settings needed to rebuild the judge (never a key). */
  judgeSettings: Record<string, unknown>;
  requestCount: number;
  /** Estimated cost in USD at the batch price (null when the model has no price). */
  estimatedCostUsd?: number | null;
}

export type NewBatchItem = Pick<BatchItemRow, 'custom_id' | 'transcript_id' | 'content_hash' | 'criteria' | 'boundary' | 'source_line' | 'transcript_json'>;

/** Reads and writes `provider_batches` and `provider_batch_items` (schema version 5). */
export class BatchRepository {
  constructor(private readonly db: Db) {}

  /** Stores a submitted batch and its requests in one transaction. */
  insert(batch: NewBatch, items: readonly NewBatchItem[]): void {
    const now = new Date().toISOString();
    const s = batch.state;
    const insertBatch = this.db.prepare(
      `INSERT INTO provider_batches (id, provider, judge, run_id, status, provider_status, created_at, updated_at, request_count,
         input_file_id, output_file_id, error_file_id, rubric_hash, judge_fingerprint, judge_settings_json, request_counts_json, errors_json,
         estimated_cost_usd)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertItem = this.db.prepare(
      `INSERT INTO provider_batch_items (batch_id, custom_id, transcript_id, content_hash, rubric_hash, judge, criteria, boundary, source_line, transcript_json, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    this.db.transaction(() => {
      insertBatch.run(
        s.id,
        batch.provider,
        batch.judge,
        batch.runId,
        storedStatus(s),
        s.providerStatus,
        now,
        now,
        batch.requestCount,
        s.inputFileId ?? null,
        s.outputFileId ?? null,
        s.errorFileId ?? null,
        batch.rubricHash,
        batch.judgeFingerprint,
        JSON.stringify(batch.judgeSettings),
        s.requestCounts ? JSON.stringify(s.requestCounts) : null,
        s.errors ? JSON.stringify(s.errors) : null,
        batch.estimatedCostUsd ?? null,
      );
      for (const i of items) {
        insertItem.run(s.id, i.custom_id, i.transcript_id, i.content_hash, batch.rubricHash, batch.judge, i.criteria, i.boundary, i.source_line, i.transcript_json);
      }
    })();
  }

  /** Whether this work is waiting in a batch already (so it is not submitted again). */
  isPending(key: EvaluationKey): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM provider_batch_items WHERE transcript_id = ? AND content_hash = ? AND rubric_hash = ? AND judge = ? AND status = 'pending' LIMIT 1`,
      )
      .get(key.transcriptId, key.contentHash, key.rubricHash, key.judge);
    return row !== undefined;
  }

  /** Every batch, newest first. */
  list(): BatchRow[] {
    return this.db.prepare('SELECT * FROM provider_batches ORDER BY created_at DESC, rowid DESC').all() as BatchRow[];
  }

  /** Batches whose results are not stored yet (`pending` or `ended`), oldest first. */
  open(): BatchRow[] {
    return this.db.prepare(`SELECT * FROM provider_batches WHERE status IN ('pending', 'ended') ORDER BY created_at, rowid`).all() as BatchRow[];
  }

  /**
   * What the batches not collected yet (`pending`, `ended`) were estimated to cost: a budget counts it as spent
   * until collection records the real cost. `unestimated` counts open batches without an estimate.
   */
  reservedUsd(): { usd: number; unestimated: number } {
    const row = this.db
      .prepare(
        `SELECT COALESCE(SUM(estimated_cost_usd), 0) AS usd, COUNT(*) - COUNT(estimated_cost_usd) AS unestimated
           FROM provider_batches WHERE status IN ('pending', 'ended')`,
      )
      .get() as { usd: number; unestimated: number };
    return row;
  }

  get(id: string): BatchRow | undefined {
    return this.db.prepare('SELECT * FROM provider_batches WHERE id = ?').get(id) as BatchRow | undefined;
  }

  /** Records what the provider last said about a batch. */
  updateState(state: BatchState): void {
    this.db
      .prepare(
        `UPDATE provider_batches SET status = ?, provider_status = ?, updated_at = ?, request_counts_json = ?,
           output_file_id = COALESCE(?, output_file_id), error_file_id = COALESCE(?, error_file_id), errors_json = COALESCE(?, errors_json)
         WHERE id = ? AND status IN ('pending', 'ended')`,
      )
      .run(
        storedStatus(state),
        state.providerStatus,
        new Date().toISOString(),
        state.requestCounts ? JSON.stringify(state.requestCounts) : null,
        state.outputFileId ?? null,
        state.errorFileId ?? null,
        state.errors ? JSON.stringify(state.errors) : null,
        state.id,
      );
  }

  /** The requests of a batch still waiting for their results. */
  pendingItems(batchId: string): BatchItemRow[] {
    return this.db.prepare(`SELECT * FROM provider_batch_items WHERE batch_id = ? AND status = 'pending' ORDER BY rowid`).all(batchId) as BatchItemRow[];
  }

  /** Item counts of a batch by status. */
  itemCounts(batchId: string): Partial<Record<BatchItemStatus, number>> {
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM provider_batch_items WHERE batch_id = ? GROUP BY status').all(batchId) as {
      status: BatchItemStatus;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /**
   * Sets the status (and the provider's error, if any) of one request. Once its result is stored (`stored`,
   * `errored`) the request's copy of the transcript (kept, in clear, only to finish after a restart) is dropped:
   * the stored transcript is the redacted one.
   */
  markItem(batchId: string, customId: string, status: BatchItemStatus, error?: { code: string; message: string; requestId?: string | undefined }): void {
    this.db
      .prepare(
        `UPDATE provider_batch_items SET status = @status, error_code = @code, error_message = @message, request_id = @requestId,
           transcript_json = CASE WHEN @status IN ('stored', 'errored') THEN 'null' ELSE transcript_json END
         WHERE batch_id = @batchId AND custom_id = @customId`,
      )
      .run({ status, code: error?.code ?? null, message: error?.message ?? null, requestId: error?.requestId ?? null, batchId, customId });
  }

  /** Marks every still-pending request of a batch (e.g. `failed` when the provider refused the batch). */
  markPending(batchId: string, status: BatchItemStatus, error?: BatchFailure): void {
    this.db
      .prepare(`UPDATE provider_batch_items SET status = ?, error_code = ?, error_message = ? WHERE batch_id = ? AND status = 'pending'`)
      .run(status, error?.code ?? null, error?.message ?? null, batchId);
  }

  /**
   * Closes a batch: its results are stored (or it failed, expired or was cancelled); it is no longer polled. Every
   * request's copy of its transcript is dropped with it, whatever the request's end: an expired, cancelled or refused
   * request stored nothing, and the next `score --mode batch` submits its transcript again from the input, so the
   * clear copy has no further use (before, it stayed until a `purge`).
   */
  finish(batchId: string, status: Exclude<StoredBatchStatus, 'pending' | 'ended'>): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE provider_batches SET status = ?, updated_at = ?, collected_at = ? WHERE id = ?').run(status, now, now, batchId);
      this.db.prepare(`UPDATE provider_batch_items SET transcript_json = 'null' WHERE batch_id = ? AND transcript_json <> 'null'`).run(batchId);
    })();
  }
}

/** The stored status of a batch the provider reported in this state. */
export function storedStatus(state: BatchState): StoredBatchStatus {
  return state.phase === 'failed' ? 'failed' : state.phase === 'ended' ? 'ended' : 'pending';
}
