import type { Db } from './open-database.js';
import type { EvaluationRepository, NewEvaluation, RunItemProblem } from './evaluation-repository.js';

export interface EvaluationWriterOptions {
  /** Flush once this many items are buffered (default 200). */
  maxItems?: number;
  /** Flush at most this long after the first buffered item (default 250 ms). */
  maxDelayMs?: number;
  /** Run inside each flush's transaction, after the items (e.g. to keep run counters current). */
  inTransaction?: () => void;
}

type Item =
  | { kind: 'save'; evaluation: NewEvaluation; line: number | null }
  | { kind: 'reuse'; runId: string; line: number | null; transcriptId: string; evaluationId: number }
  | { kind: 'invalid'; runId: string; line: number | null; transcriptId: string | null; problem: RunItemProblem };

/**
 * Buffers a run's results and writes them in one transaction per batch: every `maxItems` items or
 * `maxDelayMs` after the first one, whichever comes first, and on {@link flush}. A killed process loses at
 * most the unflushed batch, which the next run redoes (paid judge answers are in the judge cache, written
 * at call time outside these transactions). Memory stays bounded by `maxItems`.
 */
export class EvaluationWriter {
  private items: Item[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;
  private readonly maxItems: number;
  private readonly maxDelayMs: number;
  /** Items written so far. */
  written = 0;

  constructor(
    private readonly db: Db,
    private readonly repo: EvaluationRepository,
    private readonly opts: EvaluationWriterOptions = {},
  ) {
    this.maxItems = Math.max(1, opts.maxItems ?? 200);
    this.maxDelayMs = Math.max(0, opts.maxDelayMs ?? 250);
  }

  /** Items buffered, not yet written. */
  get pending(): number {
    return this.items.length;
  }

  save(evaluation: NewEvaluation, line: number | null): void {
    this.push({ kind: 'save', evaluation, line });
  }

  reuse(runId: string, line: number | null, transcriptId: string, evaluationId: number): void {
    this.push({ kind: 'reuse', runId, line, transcriptId, evaluationId });
  }

  invalid(runId: string, line: number | null, transcriptId: string | null, problem: RunItemProblem): void {
    this.push({ kind: 'invalid', runId, line, transcriptId, problem });
  }

  /** Writes everything buffered in one transaction (also when nothing is, to run `inTransaction`). Synchronous. */
  flush(): void {
    this.clearTimer();
    this.rethrow();
    const batch = this.items;
    this.items = [];
    this.db.transaction(() => {
      for (const item of batch) this.write(item);
      this.opts.inTransaction?.();
    })();
    this.written += batch.length;
  }

  /** Stops the timer without writing (the caller flushes first when it wants the items). */
  close(): void {
    this.clearTimer();
  }

  private push(item: Item): void {
    this.rethrow();
    this.items.push(item);
    if (this.items.length >= this.maxItems) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        try {
          this.flush();
        } catch (err) {
          this.failure ??= err;
        }
      }, this.maxDelayMs);
      this.timer.unref();
    }
  }

  private write(item: Item): void {
    switch (item.kind) {
      case 'save':
        this.repo.saveInTransaction(item.evaluation, item.line);
        return;
      case 'reuse':
        this.repo.recordReuse(item.runId, item.line, item.transcriptId, item.evaluationId);
        return;
      case 'invalid':
        this.repo.recordInvalid(item.runId, item.line, item.transcriptId, item.problem);
    }
  }

  private rethrow(): void {
    if (this.failure === undefined) return;
    const err = this.failure;
    this.failure = undefined;
    throw err;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
