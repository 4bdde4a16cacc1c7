import { judgeCacheKey } from '../../judge/cache/cache-key.js';
import type { Judge, JudgeRequest } from '../../judge/judge.js';
import type { LlmJudge } from '../../judge/llm/llm-judge.js';
import type { LoadedRubric } from '../../rubric/load.js';
import { EvaluationRepository } from '../../store/evaluation-repository.js';
import type { Db } from '../../store/open-database.js';
import { finishRun, startRun, updateRunCounts } from '../../store/run-repository.js';
import type { TranscriptLineError } from '../../transcript/read-jsonl.js';
import { sourceLabel } from '../../transcript/transcript-source.js';
import type { Transcript } from '../../transcript/schema.js';
import { splitCriteria } from '../evaluate-transcript.js';
import { planInput, WorkPlan, type PlanInput } from '../work-plan.js';
import type { BatchClient, BatchRequestLine, BatchState } from '../../judge/provider/batch-client.js';
import { BatchError } from './batch-error.js';
import { BatchRepository, type NewBatchItem } from '../../store/batch-repository.js';
import { customIdFor } from './custom-id.js';
import { evaluateAndStore } from './store-evaluation.js';
import { JudgeCacheRepository } from '../../store/judge-cache-repository.js';
import type { Budget } from '../../judge/budget/budget.js';
import type { PriceTable } from '../../judge/cost/price-table.js';
import { estimateBatchRequests } from './batch-estimate.js';
import type { StoreTextMode } from '../../governance/redact-at-rest.js';

/** The input, `since` and `selection` (as `score`) come from {@link PlanInput}. */
export interface SubmitBatchOptions extends PlanInput {
  db: Db;
  rubric: LoadedRubric;
  /** The model judge whose requests are batched. */
  llm: LlmJudge;
  /**
   * The decorated judge (cache, cost, and the fits in force) for work that needs no provider call (judge-cache
   * hits, rule-only rubrics). Its name and fingerprint are those of the results: what is stored under them is reused.
   */
  stack: Judge;
  client: BatchClient;
  /** Non-secret judge settings stored with each batch, to rebuild the judge at collection. */
  judgeSettings: Record<string, unknown>;
  /** false with `--no-cache`: the judge cache is not consulted. */
  cache?: boolean;
  command?: string;
  options?: Record<string, unknown>;
  onInvalid?: (error: TranscriptLineError) => void;
  /** Told once per batch submitted. */
  onSubmitted?: (batch: BatchState, requests: number) => void;
  /** Stop reading: what was read is still submitted. */
  signal?: AbortSignal;
  /** Told once the run row exists (e.g. to record the run id with the writer lock). */
  onStarted?: (runId: string) => void;
  /** Prices, to store each batch's estimated cost (what a budget counts as spent until the batch is collected). */
  prices?: PriceTable;
  /**
   * The run's allowance. Each transcript's estimated cost is reserved before it joins a batch; once one does not
   * fit, nothing more is submitted: the rest is counted in `leftForBudget`, stored as nothing, and submitted by a
   * later run. Work that needs no provider call (judge-cache hits, rule-only rubrics) is still stored.
   */
  budget?: Budget;
  /**
   * `store.text`: what is kept of the bodies stored (default `redacted`). Recorded with the run so the batches'
   * collection applies it too; until then each request keeps the transcript as read (collection verifies evidence
   * quotes against it) and drops that copy once its result is stored.
   */
  storeText?: StoreTextMode;
  /** `--rejudge`: submit work already scored again; its results are stored as new attempts (recorded with the run). */
  rejudge?: boolean;
}

export interface SubmitBatchResult {
  runId: string;
  read: number;
  invalid: number;
  /** Already scored with the same content, rubric and judge. */
  reused: number;
  /** Already waiting in a batch: not submitted again. */
  pending: number;
  /** Started before `since`. */
  skipped: number;
  /** Outside the sample or shard. */
  unselected: number;
  /** Stored at once without a provider call (judge-cache hit, or no model-judged criterion). */
  storedNow: number;
  /** Transcripts and requests submitted by this run. */
  submitted: number;
  requests: number;
  batches: { id: string; requests: number; providerStatus: string }[];
  interrupted: boolean;
  /** Transcripts not submitted because the budget would have been exceeded (nothing stored for them). */
  leftForBudget: number;
  /** Estimated cost (USD, batch price) of what this run submitted; null when the model has no price. */
  estimatedUsd: number | null;
}

interface Chunk {
  lines: BatchRequestLine[];
  items: NewBatchItem[];
  bytes: number;
  /** Estimated cost; null when the model has no price. */
  usd: number | null;
}

/**
 * Reads transcripts and submits the model-judged work to the judge's provider batch API, in batches of at
 * most the client's limits (the requests of one transcript always go in the same batch). The request bodies
 * are exactly those of synchronous calls. Work already scored, or already waiting in a batch, is not
 * submitted again; judge-cache hits and rule-only rubrics are stored at once. Returns without waiting.
 */
export async function submitBatch(opts: SubmitBatchOptions): Promise<SubmitBatchResult> {
  const { db, rubric, llm, client, stack } = opts;
  const inputLabel = sourceLabel(opts.input, opts.inputName);
  const runId = startRun(db, {
    command: opts.command ?? 'score',
    input: inputLabel,
    rubric,
    judge: opts.stack.name,
    options: { mode: 'batch', store_text: opts.storeText ?? 'redacted', ...(opts.rejudge ? { rejudge: true } : {}), ...opts.options },
  });
  opts.onStarted?.(runId);
  const repo = new EvaluationRepository(db, { storeText: opts.storeText });
  const batches = new BatchRepository(db);
  // --rejudge: fresh calls only (as in sync mode, no judge-cache reads).
  const cacheStore = opts.cache === false || opts.rejudge ? undefined : new JudgeCacheRepository(db);
  const { judged } = splitCriteria(rubric.rubric);
  const result: SubmitBatchResult = { runId, read: 0, invalid: 0, reused: 0, pending: 0, skipped: 0, unselected: 0, storedNow: 0, submitted: 0, requests: 0, batches: [], interrupted: false, leftForBudget: 0, estimatedUsd: 0 };
  let tooLarge = 0;
  let chunk: Chunk = { lines: [], items: [], bytes: 0, usd: 0 };

  const flush = async () => {
    if (chunk.lines.length === 0) return;
    const submitted = chunk;
    chunk = { lines: [], items: [], bytes: 0, usd: 0 };
    let state: BatchState;
    try {
      state = await client.submit(submitted.lines, { cxqa_run: runId });
    } catch (err) {
      throw new BatchError('BATCH_SUBMIT_FAILED', `could not submit a batch of ${submitted.lines.length} requests: ${(err as Error).message}`, { cause: err });
    }
    batches.insert(
      {
        state,
        provider: client.provider,
        judge: llm.name,
        runId,
        rubricHash: rubric.hash,
        judgeFingerprint: llm.fingerprint,
        judgeSettings: opts.judgeSettings,
        requestCount: submitted.lines.length,
        estimatedCostUsd: submitted.usd,
      },
      submitted.items,
    );
    result.requests += submitted.lines.length;
    result.batches.push({ id: state.id, requests: submitted.lines.length, providerStatus: state.providerStatus });
    opts.onSubmitted?.(state, submitted.lines.length);
  };

  const plan = new WorkPlan({
    ...planInput(opts),
    runId,
    rubricHash: rubric.hash,
    judge: stack,
    rejudge: opts.rejudge,
    findScored: (key) => repo.findScored(key),
    record: { reuse: (...a) => repo.recordReuse(...a), invalid: (...a) => repo.recordInvalid(...a) },
    // The requests do not depend on a fit (it maps the answers): pending under the model judge's name.
    isPending: (key) => batches.isPending({ ...key, judge: llm.name }),
    onInvalid: opts.onInvalid,
    signal: opts.signal,
  });

  try {
    for await (const { line, transcript, contentHash: hash } of plan.items()) {
      const request: JudgeRequest = { transcript, transcriptHash: hash, rubric: rubric.rubric, rubricHash: rubric.hash, criteria: judged };
      if (judged.length === 0 || cacheStore?.get(judgeCacheKey(llm.fingerprint, request))) {
        await evaluateAndStore(repo, rubric, stack, { runId, transcript, contentHash: hash, line, ...(opts.rejudge ? { rejudged: true } : {}) });
        result.storedNow += 1;
        continue;
      }
      if (opts.budget?.exhausted) {
        result.leftForBudget += 1;
        continue;
      }
      const key = { transcriptId: transcript.id, contentHash: hash, rubricHash: rubric.hash, judge: llm.name };
      const planned = requestsFor(llm, request, key, line, transcript);
      const bytes = planned.lines.reduce((sum, l) => sum + client.sizeOf(l), 0);
      if (planned.lines.length > client.limits.maxRequests || bytes > client.limits.maxBytes) {
        repo.recordInvalid(runId, line, transcript.id, {
          code: 'BATCH_REQUEST_TOO_LARGE',
          message: `the ${planned.lines.length} requests of transcript ${transcript.id} (${bytes} bytes) exceed the ${client.provider} batch limit`,
        });
        tooLarge += 1;
        continue;
      }
      const groups = planned.items.map((i) => i.criteria.split(','));
      const usd = opts.prices ? estimateBatchRequests(llm.name, rubric.rubric, transcript, judged, groups, opts.prices) : null;
      // The estimate counts as spent until collection; a budget needs prices (refused before the run otherwise).
      if (opts.budget && !opts.budget.tryReserve(usd ?? 0, transcript.id)) {
        result.leftForBudget += 1;
        continue;
      }
      if (chunk.lines.length + planned.lines.length > client.limits.maxRequests || chunk.bytes + bytes > client.limits.maxBytes) await flush();
      chunk.lines.push(...planned.lines);
      chunk.items.push(...planned.items);
      chunk.bytes += bytes;
      chunk.usd = chunk.usd === null || usd === null ? null : chunk.usd + usd;
      result.estimatedUsd = result.estimatedUsd === null || usd === null ? null : result.estimatedUsd + usd;
      result.submitted += 1;
    }
    await flush();
  } catch (err) {
    settle('failed');
    throw err;
  }
  settle(plan.interrupted ? 'interrupted' : 'completed');
  return result;

  function settle(status: 'completed' | 'interrupted' | 'failed'): void {
    const c = plan.counts;
    Object.assign(result, { read: c.read, invalid: c.invalid + tooLarge, reused: c.reused, pending: c.pending, skipped: c.skipped, unselected: c.unselected });
    result.interrupted = plan.interrupted;
    updateRunCounts(db, runId, c);
    finishRun(db, runId, status);
  }
}

/** The batch requests (and their stored mapping) of one transcript. */
function requestsFor(
  llm: LlmJudge,
  request: JudgeRequest,
  key: { transcriptId: string; contentHash: string; rubricHash: string; judge: string },
  line: number,
  transcript: Transcript,
): { lines: BatchRequestLine[]; items: NewBatchItem[] } {
  const provider = llm.modelProvider;
  if (!provider.requestBody) throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `judge ${llm.name} cannot build batch requests`);
  const body = JSON.stringify(transcript);
  const lines: BatchRequestLine[] = [];
  const items: NewBatchItem[] = [];
  for (const call of llm.planCalls(request)) {
    const customId = customIdFor({ ...key, criteria: call.criteria });
    lines.push({ customId, body: provider.requestBody(call.request) as unknown as Record<string, unknown> });
    items.push({
      custom_id: customId,
      transcript_id: key.transcriptId,
      content_hash: key.contentHash,
      criteria: call.criteria.join(','),
      boundary: call.boundary,
      source_line: line,
      transcript_json: body,
    });
  }
  return { lines, items };
}
