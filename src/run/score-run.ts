import pLimit from 'p-limit';
import type { StoreTextMode } from '../governance/redact-at-rest.js';
import type { Judge } from '../judge/judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import { EvaluationRepository } from '../store/evaluation-repository.js';
import { EvaluationWriter, type EvaluationWriterOptions } from '../store/evaluation-writer.js';
import type { Db } from '../store/open-database.js';
import { finishRun, startRun, updateRunCounts } from '../store/run-repository.js';
import type { TranscriptLineError } from '../transcript/read-jsonl.js';
import { sourceLabel } from '../transcript/transcript-source.js';
import { evaluateTranscript } from './evaluate-transcript.js';
import { newEvaluation } from './new-evaluation.js';
import { planInput, WorkPlan, type PlanInput } from './work-plan.js';

/** The input, `since` and `selection` come from {@link PlanInput}. */
export interface ScoreRunOptions extends PlanInput {
  db: Db;
  rubric: LoadedRubric;
  judge: Judge;
  /** Transcripts judged at once. */
  concurrency?: number;
  /** Batching of result writes (default: a transaction per 200 items or 250 ms). */
  writeBatch?: Omit<EvaluationWriterOptions, 'inTransaction'>;
  /** Called for each line that is not a valid transcript (the run goes on). */
  onInvalid?: (error: TranscriptLineError) => void;
  /** Called after each input line is dealt with (scored, reused, failed, invalid, skipped or unselected). */
  onProgress?: (progress: RunProgress) => void;
  /** Called once the run row exists, with a way to write buffered results at once (before a hard exit). */
  onStarted?: (run: StartedRun) => void;
  /** Stop scheduling new transcripts; work in flight finishes and is stored. */
  signal?: AbortSignal;
  /**
   * Abort the judge calls in flight (after a grace period following `signal`). A transcript whose judgement
   * was cut short is not stored: it is not done, and the next run does it.
   */
  abortSignal?: AbortSignal;
  command?: string;
  options?: Record<string, unknown>;
  /** Judge again what is already stored as scored (`--rejudge`); the caller also turns the judge cache off. */
  rejudge?: boolean;
  /** What is kept of transcript bodies (`store.text` in cxqa.config.yaml; default `redacted`). */
  storeText?: StoreTextMode;
}

/** A run in progress, as handed to {@link ScoreRunOptions.onStarted}. */
export interface StartedRun {
  runId: string;
  /** Writes every buffered result now (synchronous). */
  flush(): void;
}

export interface RunProgress {
  read: number;
  scored: number;
  reused: number;
  failed: number;
  invalid: number;
  /** Started before `since`. */
  skipped: number;
  /** Outside the sample or shard. */
  unselected: number;
  /** USD of the judge calls made so far (cache hits and unpriced calls count 0). */
  costUsd: number;
}

export interface ScoreRunResult extends RunProgress {
  runId: string;
  interrupted: boolean;
}

/**
 * Streams transcripts from the input, scores each with the rubric's rule criteria and the judge, and stores
 * every result. Work already scored with the same content, rubric, judge and judge fingerprint is reused,
 * not redone. Reading stays at most `2 × concurrency` transcripts ahead of the judge and results are written
 * in batched transactions, so memory does not grow with the input and a killed run loses at most one batch.
 */
export async function scoreRun(opts: ScoreRunOptions): Promise<ScoreRunResult> {
  const { db, rubric, judge } = opts;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const inputLabel = sourceLabel(opts.input, opts.inputName);
  const runId = startRun(db, {
    command: opts.command ?? 'score',
    input: inputLabel,
    rubric,
    judge: judge.name,
    options: { concurrency, ...opts.options },
  });
  const judged = { scored: 0, failed: 0, costUsd: 0 };
  const syncCounts = (): RunProgress => {
    const c = plan.counts;
    return { read: c.read, scored: judged.scored, reused: c.reused, failed: judged.failed, invalid: c.invalid, skipped: c.skipped, unselected: c.unselected, costUsd: judged.costUsd };
  };
  const repo = new EvaluationRepository(db, { storeText: opts.storeText });
  const writer = new EvaluationWriter(db, repo, {
    ...opts.writeBatch,
    inTransaction: () => updateRunCounts(db, runId, plan.counts), // only called once the plan exists
  });
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<void>>();
  const maxAhead = concurrency * 2;
  let interrupted = false;
  let fatal: unknown;

  const report = () => opts.onProgress?.(syncCounts());
  const plan = new WorkPlan({
    ...planInput(opts),
    runId,
    rubricHash: rubric.hash,
    judge,
    rejudge: opts.rejudge,
    findScored: (key) => repo.findScored(key),
    record: writer,
    onInvalid: opts.onInvalid,
    onSettled: report,
    signal: opts.signal,
  });
  opts.onStarted?.({ runId, flush: () => writer.flush() });

  try {
    for await (const { line, transcript, contentHash: hash } of plan.items()) {
      const task = limit(async () => {
        // Queued but not started when the stop came: left for the next run. Calls already made get the grace
        // period (`abortSignal` comes later): a paid answer that arrives in time is stored, not thrown away.
        if (opts.signal?.aborted) {
          interrupted = true;
          return;
        }
        const result = await evaluateTranscript(transcript, hash, rubric, judge, opts.abortSignal, runId);
        if (opts.abortSignal?.aborted && result.status !== 'scored') {
          interrupted = true; // cut short by the stop: not done, not stored; the next run judges it
          return;
        }
        writer.save({ ...newEvaluation({ runId, transcript, contentHash: hash }, rubric, judge, result), ...(opts.rejudge ? { rejudged: true } : {}) }, line);
        judged.costUsd += result.cost_usd ?? 0;
        if (result.status === 'failed') judged.failed += 1;
        else judged.scored += 1;
        report();
      });
      const tracked: Promise<void> = task.then(
        () => {
          inFlight.delete(tracked);
        },
        (err: unknown) => {
          inFlight.delete(tracked);
          fatal ??= err;
        },
      );
      inFlight.add(tracked);
      if (inFlight.size >= maxAhead) await Promise.race(inFlight);
      if (fatal) break;
    }
    if (plan.interrupted) interrupted = true;
  } catch (err) {
    fatal ??= err;
  } finally {
    await Promise.allSettled(inFlight);
    try {
      writer.flush(); // whatever finished is stored, also when the run failed or was interrupted
    } catch (err) {
      fatal ??= err;
    }
    writer.close();
  }
  if (fatal) {
    finishRun(db, runId, 'failed');
    throw fatal;
  }
  finishRun(db, runId, interrupted ? 'interrupted' : 'completed');
  return { runId, interrupted, ...syncCounts() };
}
