import type { Judge } from '../../judge/judge.js';
import type { LlmJudge, PrefetchedAnswer } from '../../judge/llm/llm-judge.js';
import { ProviderCallError } from '../../judge/provider/provider-error.js';
import type { LoadedRubric } from '../../rubric/load.js';
import { EvaluationRepository } from '../../store/evaluation-repository.js';
import type { Db } from '../../store/open-database.js';
import type { Transcript } from '../../transcript/schema.js';
import { BatchAnswerJudge } from './batch-answer-judge.js';
import type { BatchClient, BatchFailure, BatchOutcome, BatchState } from '../../judge/provider/batch-client.js';
import { BatchError } from './batch-error.js';
import { BatchRepository, type BatchItemRow, type BatchRow, type StoredBatchStatus } from '../../store/batch-repository.js';
import { transcriptKey } from './custom-id.js';
import { pollBatch, sleep } from './poll-batches.js';
import { storedRubric } from './stored-rubric.js';
import { evaluateAndStore } from './store-evaluation.js';
import { batchRunOptions } from './batch-run-options.js';
import type { StoreTextMode } from '../../governance/redact-at-rest.js';

/** What collection needs for the batches of one judge. */
export interface BatchJudgeContext {
  llm: LlmJudge;
  client: BatchClient;
  /**
   * Wraps the batch-answer judge the way `score` wraps a model judge (cache, cost at batch prices); `cache: false`
   * for a `--rejudge` batch (a cached earlier answer must not stand in for the fresh one).
   */
  stack: (answers: BatchAnswerJudge, options?: { cache?: boolean }) => Judge;
}

export interface CollectBatchesOptions {
  db: Db;
  /** The judge, client and decorators for a stored batch (rebuilt from its stored settings, or reused). */
  contextFor: (batch: BatchRow) => BatchJudgeContext;
  /** Only these batches (default: every batch not collected yet). */
  batchIds?: readonly string[];
  /** Poll until every batch has ended. */
  wait?: boolean;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  /** Told after each poll of a batch that is still running. */
  onPending?: (batch: BatchRow, state: BatchState) => void;
  /** Told when a batch's results were stored (or it failed). */
  onCollected?: (report: BatchCollectReport) => void;
  onWarning?: (message: string) => void;
  /**
   * With `wait`: the writer lock is given up while sleeping between polls (`release`) and taken back before the
   * next poll (`reacquire`, false while another process holds it: the poll then waits one more interval), so a
   * long wait does not block a nightly `cxqa score` on the same database.
   */
  lockBetweenPolls?: { release(): void; reacquire(): boolean };
  /** `store.text` for batches whose submission did not record one (submitted by an earlier version). */
  storeText?: StoreTextMode | undefined;
}

/** The outcome of one batch's collection. */
export interface BatchCollectReport {
  id: string;
  provider: string;
  judge: string;
  runId: string;
  status: StoredBatchStatus;
  providerStatus: string;
  /** Transcripts stored, and how many of them have error verdicts (partial) or nothing but errors (failed). */
  stored: number;
  partial: number;
  failed: number;
  /** Requests the provider answered with an error (stored as error verdicts). */
  erroredRequests: number;
  /** Requests that expired or were canceled: nothing stored, submitted again by the next `score --mode batch`. */
  expiredRequests: number;
  /** Why the provider refused the whole batch (`status: failed`). */
  errors: BatchFailure[];
}

export interface CollectBatchesResult {
  collected: BatchCollectReport[];
  /** Batches still running when collection stopped. */
  pending: string[];
}

/**
 * Polls the open batches and stores the results of those that ended, through the same path as synchronous
 * calls (`evaluateTranscript` with rules evaluated locally, the judge's validation, repair and evidence checks,
 * the cost and cache decorators, `EvaluationRepository.save`). Per-request errors become error verdicts with
 * the provider's code and request id; expired or canceled requests are marked so they are submitted again; a
 * batch the provider refused is reported with its errors. With `wait`, polls every `pollIntervalMs` until done.
 */
export async function collectBatches(opts: CollectBatchesOptions): Promise<CollectBatchesResult> {
  const repo = new BatchRepository(opts.db);
  const wanted = opts.batchIds ? new Set(opts.batchIds) : undefined;
  const collected: BatchCollectReport[] = [];
  let open = repo.open().filter((b) => !wanted || wanted.has(b.id));
  for (;;) {
    const stillPending: BatchRow[] = [];
    for (const row of open) {
      const ctx = opts.contextFor(row);
      if (ctx.llm.fingerprint !== row.judge_fingerprint) {
        opts.onWarning?.(`batch ${row.id}: the judge's prompts or settings changed since submission; results are stored with the current fingerprint`);
      }
      const state = await pollBatch(repo, ctx.client, row);
      if (state.phase === 'pending') {
        stillPending.push(row);
        opts.onPending?.(row, state);
        continue;
      }
      const report = state.phase === 'failed' ? failBatch(repo, row, state) : await collectBatch(opts.db, repo, row, state, ctx, opts.storeText);
      collected.push(report);
      opts.onCollected?.(report);
    }
    open = stillPending;
    if (!opts.wait || open.length === 0 || opts.signal?.aborted) break;
    opts.lockBetweenPolls?.release();
    do {
      await sleep(opts.pollIntervalMs ?? 30_000, opts.signal);
      if (opts.signal?.aborted) return { collected, pending: open.map((b) => b.id) };
    } while (opts.lockBetweenPolls && !opts.lockBetweenPolls.reacquire());
  }
  return { collected, pending: open.map((b) => b.id) };
}

function emptyReport(row: BatchRow, state: BatchState, status: StoredBatchStatus): BatchCollectReport {
  return {
    id: row.id,
    provider: row.provider,
    judge: row.judge,
    runId: row.run_id,
    status,
    providerStatus: state.providerStatus,
    stored: 0,
    partial: 0,
    failed: 0,
    erroredRequests: 0,
    expiredRequests: 0,
    errors: state.errors ?? [],
  };
}

/** A batch the provider refused (OpenAI `failed`, e.g. input validation): its requests are marked `failed`. */
function failBatch(repo: BatchRepository, row: BatchRow, state: BatchState): BatchCollectReport {
  const errors = state.errors?.length ? state.errors : [{ code: 'batch_failed', message: `the provider reports batch ${row.id} as ${state.providerStatus}` }];
  repo.markPending(row.id, 'failed', { code: 'BATCH_FAILED', message: errors.map((e) => `${e.code}: ${e.message}`).join('; ').slice(0, 2000) });
  repo.finish(row.id, 'failed');
  return { ...emptyReport(row, state, 'failed'), errors };
}

interface TranscriptGroup {
  items: BatchItemRow[];
  outcomes: Map<string, BatchOutcome>;
}

async function collectBatch(db: Db, repo: BatchRepository, row: BatchRow, state: BatchState, ctx: BatchJudgeContext, storeText: StoreTextMode | undefined): Promise<BatchCollectReport> {
  const rubric = storedRubric(db, row.rubric_hash);
  const finalStatus: StoredBatchStatus = state.providerStatus === 'expired' ? 'expired' : state.providerStatus === 'cancelled' ? 'cancelled' : 'collected';
  const report = emptyReport(row, state, finalStatus);
  const answers = new BatchAnswerJudge(ctx.llm);
  // What the submission chose applies: its store.text, and with --rejudge fresh results stored as new attempts.
  const submitted = batchRunOptions(db, row.run_id);
  const judge = ctx.stack(answers, submitted.rejudge ? { cache: false } : {});
  const evaluations = new EvaluationRepository(db, { storeText: submitted.storeText ?? storeText });
  const byCustomId = new Map<string, TranscriptGroup>();
  const groups = new Map<string, TranscriptGroup>();
  for (const item of repo.pendingItems(row.id)) {
    const key = transcriptKey(item.transcript_id, item.content_hash);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { items: [], outcomes: new Map() }));
    group.items.push(item);
    byCustomId.set(item.custom_id, group);
  }
  const finish = (group: TranscriptGroup) =>
    finishTranscript(group, { repo, evaluations, rubric, judge, answers, llm: ctx.llm, row, report, rejudged: submitted.rejudge });

  try {
    for await (const line of ctx.client.results(state)) {
      const group = byCustomId.get(line.customId);
      if (!group || group.outcomes.has(line.customId)) continue;
      group.outcomes.set(line.customId, line.outcome);
      if (group.outcomes.size === group.items.length) {
        groups.delete(transcriptKey(group.items[0]!.transcript_id, group.items[0]!.content_hash));
        await finish(group);
      }
    }
  } catch (err) {
    if (err instanceof BatchError) throw err;
    throw new BatchError('BATCH_RESULTS_FAILED', `could not read the results of batch ${row.id}: ${(err as Error).message}`, { cause: err });
  }
  // Requests without a result line: unfinished when the batch expired or was cancelled, otherwise an error.
  const missing: BatchOutcome =
    finalStatus === 'expired'
      ? { kind: 'expired' }
      : finalStatus === 'cancelled'
        ? { kind: 'canceled' }
        : { kind: 'errored', code: 'BATCH_RESULT_MISSING', message: `batch ${row.id} ended without a result for this request` };
  for (const group of groups.values()) {
    for (const item of group.items) if (!group.outcomes.has(item.custom_id)) group.outcomes.set(item.custom_id, missing);
    await finish(group);
  }
  repo.finish(row.id, finalStatus);
  return report;
}

interface FinishContext {
  repo: BatchRepository;
  evaluations: EvaluationRepository;
  rubric: LoadedRubric;
  judge: Judge;
  answers: BatchAnswerJudge;
  llm: LlmJudge;
  row: BatchRow;
  report: BatchCollectReport;
  rejudged: boolean;
}

/** Stores one transcript from its requests' outcomes, or marks it for resubmission when one expired. */
async function finishTranscript(group: TranscriptGroup, c: FinishContext): Promise<void> {
  const outcomes = group.items.map((item) => ({ item, outcome: group.outcomes.get(item.custom_id)! }));
  const unfinished = outcomes.find((o) => o.outcome.kind === 'expired' || o.outcome.kind === 'canceled');
  if (unfinished) {
    // The transcript is submitted again as a whole by the next `score --mode batch`: nothing is stored.
    const status = unfinished.outcome.kind === 'canceled' ? 'canceled' : 'expired';
    for (const { item } of outcomes) c.repo.markItem(c.row.id, item.custom_id, status);
    c.report.expiredRequests += outcomes.length;
    return;
  }
  const first = group.items[0]!;
  const transcript = JSON.parse(first.transcript_json) as Transcript;
  const prefetched: PrefetchedAnswer[] = outcomes.map(({ item, outcome }) => ({
    criteria: item.criteria.split(','),
    boundary: item.boundary,
    outcome: toAnswerOutcome(c.llm, outcome),
  }));
  c.answers.provide(transcript.id, first.content_hash, prefetched);
  let status: string;
  try {
    const result = await evaluateAndStore(c.evaluations, c.rubric, c.judge, {
      runId: c.row.run_id,
      transcript,
      contentHash: first.content_hash,
      line: first.source_line,
      ...(c.rejudged ? { rejudged: true } : {}),
    });
    status = result.status;
  } finally {
    c.answers.forget(transcript.id, first.content_hash);
  }
  c.report.stored += 1;
  if (status === 'partial') c.report.partial += 1;
  if (status === 'failed') c.report.failed += 1;
  for (const { item, outcome } of outcomes) {
    if (outcome.kind === 'errored') {
      c.report.erroredRequests += 1;
      c.repo.markItem(c.row.id, item.custom_id, 'errored', { code: outcome.code, message: outcome.message, requestId: outcome.requestId });
    } else c.repo.markItem(c.row.id, item.custom_id, 'stored');
  }
}

function toAnswerOutcome(llm: LlmJudge, outcome: BatchOutcome): PrefetchedAnswer['outcome'] {
  if (outcome.kind === 'succeeded') {
    const provider = llm.modelProvider;
    if (!provider.answerFromBody) throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `judge ${llm.name} cannot read batch results`);
    return { answer: provider.answerFromBody(outcome.body, outcome.requestId) };
  }
  if (outcome.kind === 'errored') return { error: new ProviderCallError(outcome.code, llm.redactSecrets(outcome.message), { requestId: outcome.requestId }) };
  throw new BatchError('BATCH_RESULTS_FAILED', `unexpected ${outcome.kind} outcome`);
}
