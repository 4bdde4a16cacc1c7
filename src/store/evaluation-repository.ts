import type { Criterion } from '../rubric/schema.js';
import type { JudgeCall, PanelVote, TokenUsage } from '../values/judge-call.js';
import type { Verdict } from '../values/verdict.js';
import type { Transcript } from '../transcript/schema.js';
import type { NewFinding } from '../governance/findings.js';
import { redactAtRest, type AtRestText, type StoreTextMode } from '../governance/redact-at-rest.js';
import { sha256 } from '../shared/hash.js';
import { hasUnsettledErrors } from './decision-repository.js';
import { FindingRepository } from './finding-repository.js';
import { ChainedTable } from './hash-chain.js';
import type { Db } from './open-database.js';
import { FactsWriter } from './transcript-facts.js';

export type EvaluationStatus = 'scored' | 'partial' | 'failed';

export interface EvaluationKey {
  transcriptId: string;
  contentHash: string;
  rubricHash: string;
  judge: string;
  /**
   * The judge's fingerprint (base URL, temperature, prompt version, ...). When given, an evaluation stored
   * under another fingerprint is not the same work. Evaluations stored before fingerprints were recorded
   * (null) match any fingerprint.
   */
  judgeFingerprint?: string | null;
}

export interface NewEvaluation extends EvaluationKey {
  runId: string;
  transcript: Transcript;
  status: EvaluationStatus;
  qaScore: number | null;
  autoFail: boolean;
  error: { code: string; message: string } | null;
  verdicts: Verdict[];
  criteria: readonly Criterion[];
  /** Token totals over the judge calls (stored on the evaluation). */
  usage?: TokenUsage | null;
  costUsd?: number | null;
  /** Every judge call was a cache hit. */
  cacheHit?: boolean;
  /** One row each in `judge_calls`. */
  calls?: readonly JudgeCall[];
  /** Panel members' answers, one row each in `panel_votes`. */
  votes?: readonly PanelVote[];
  /** Governance findings (failed rules, injection suspects), appended to `findings` in the same transaction. */
  findings?: readonly NewFinding[];
  /** `--rejudge`: this is fresh judging of work already scored; store it instead of reusing the stored result. */
  rejudged?: boolean;
}

export interface RunItemProblem {
  code: string;
  message: string;
  field?: string | undefined;
}

/**
 * Reads and writes evaluations. Statements are prepared once per database. History is append-only: a redo
 * (of a failed or partial evaluation, or under another judge fingerprint) adds a new evaluation and the
 * earlier one stays, with its criterion results; the latest attempt is the one with the greatest id.
 * Evaluations, criterion results, panel votes, findings and run items are hash-chained ({@link ChainedTable}).
 */
export class EvaluationRepository {
  private readonly findStmt;
  private readonly hasTranscript;
  private readonly transcripts: ChainedTable;
  private readonly facts: FactsWriter;
  private readonly storeText: StoreTextMode;
  private readonly evaluations: ChainedTable;
  private readonly results: ChainedTable;
  private readonly items: ChainedTable;
  private readonly votes: ChainedTable;
  private readonly insertCall;
  private readonly linkCall;
  private readonly findings: FindingRepository;

  /** `storeText`: what is kept of transcript bodies (`store.text`, default `redacted`); quotes and rationales are always stored redacted. */
  constructor(
    private readonly db: Db,
    opts: { storeText?: StoreTextMode | undefined } = {},
  ) {
    this.storeText = opts.storeText ?? 'redacted';
    this.findStmt = db.prepare(
      // evaluations_work (transcript_id, content_hash, rubric_hash, judge) makes this an index range, newest first.
      // settled: a partial or failed evaluation whose every error verdict a human decision settles (not judged again).
      `SELECT id, status, judge_fingerprint, (status <> 'scored' AND NOT ${hasUnsettledErrors('evaluations')}) AS settled
       FROM evaluations WHERE transcript_id = ? AND content_hash = ? AND rubric_hash = ? AND judge = ? ORDER BY id DESC`,
    );
    this.hasTranscript = db.prepare('SELECT 1 FROM transcripts WHERE id = ? AND content_hash = ?').pluck();
    this.transcripts = new ChainedTable(db, 'transcripts');
    this.facts = new FactsWriter(db);
    this.evaluations = new ChainedTable(db, 'evaluations');
    this.results = new ChainedTable(db, 'criterion_results');
    this.items = new ChainedTable(db, 'run_items');
    this.votes = new ChainedTable(db, 'panel_votes');
    this.insertCall = db.prepare(
      `INSERT INTO judge_calls (run_id, transcript_id, evaluation_id, judge, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.linkCall = db.prepare('UPDATE judge_calls SET evaluation_id = ? WHERE id = ? AND evaluation_id IS NULL');
    this.findings = new FindingRepository(db);
  }

  /**
   * The id of a fully scored evaluation of exactly this work (same judge fingerprint too), if its latest
   * attempt is one; a partial or failed one whose errors human decisions have all settled counts as scored (no
   * re-judging).
   */
  findScored(key: EvaluationKey): number | undefined {
    const row = this.findLatest(key);
    return row && (row.status === 'scored' || row.settled === 1) ? row.id : undefined;
  }

  /** The latest attempt at this work under a matching judge fingerprint. */
  private findLatest(key: EvaluationKey): StoredEvaluationRow | undefined {
    for (const row of this.findStmt.iterate(key.transcriptId, key.contentHash, key.rubricHash, key.judge) as IterableIterator<StoredEvaluationRow>) {
      if (sameFingerprint(row.judge_fingerprint, key.judgeFingerprint)) return row;
    }
    return undefined;
  }

  /** Records that a run covered an evaluation that already existed. */
  recordReuse(runId: string, line: number | null, transcriptId: string, evaluationId: number): void {
    this.insertItem(runId, line, transcriptId, evaluationId, 'reused', null);
  }

  /** Records an input line that could not be scored at all (bad JSON, schema error). */
  recordInvalid(runId: string, line: number | null, transcriptId: string | null, problem: RunItemProblem): void {
    this.insertItem(runId, line, transcriptId, null, 'invalid', problem);
  }

  private insertItem(runId: string, line: number | null, transcriptId: string | null, evaluationId: number | null, status: string, problem: RunItemProblem | null): void {
    this.items.insert({
      run_id: runId,
      source_line: line,
      transcript_id: transcriptId,
      evaluation_id: evaluationId,
      status,
      error_code: problem?.code ?? null,
      error_field: problem?.field ?? null,
      error_message: problem?.message ?? null,
    });
  }

  /**
   * Stores a new evaluation with all its criterion results. An earlier failed or partial attempt at the same
   * work stays as it was; when the latest attempt is already fully scored (the same transcript twice in one
   * input), this run reuses it instead.
   */
  save(evaluation: NewEvaluation, line: number | null): number {
    return this.db.transaction(() => this.saveInTransaction(evaluation, line))();
  }

  /** {@link save} without its own transaction: the caller batches several inside one. */
  saveInTransaction(e: NewEvaluation, line: number | null): number {
    const t = e.transcript;
    // Redacted once per transcript, and only when something is stored from it.
    let atRestText: AtRestText | undefined;
    const atRest = () => (atRestText ??= redactAtRest(t, this.storeText));
    if (this.hasTranscript.get(t.id, e.contentHash) === undefined) {
      const { bodyJson, outlineJson } = atRest();
      this.transcripts.insert({
        id: t.id,
        content_hash: e.contentHash,
        channel: t.channel,
        started_at: t.started_at,
        customer_id: t.customer_id,
        agent_id: t.agent_id ?? null,
        intent: t.intent ?? null,
        message_count: t.messages.length,
        body_json: bodyJson,
        body_sha256: bodyJson === null ? null : sha256(bodyJson),
        outline_json: outlineJson,
      });
      // The conversation facts period queries read, from what was just stored (the redacted body, or the outline).
      this.facts.write(t.id, e.contentHash, bodyJson ?? outlineJson);
    }
    const now = new Date().toISOString();
    const previous = this.findLatest(e);
    if (previous?.status === 'scored' && !e.rejudged) {
      this.recordReuse(e.runId, line, e.transcriptId, previous.id);
      this.saveCalls(e, previous.id, now); // money spent on the duplicate work stays on record
      return previous.id;
    }
    const evaluationId = this.evaluations.insert({
      transcript_id: e.transcriptId,
      content_hash: e.contentHash,
      rubric_hash: e.rubricHash,
      judge: e.judge,
      run_id: e.runId,
      status: e.status,
      qa_score: e.qaScore,
      auto_fail: e.autoFail ? 1 : 0,
      error_code: e.error?.code ?? null,
      error_message: e.error ? atRest().text(e.error.message) : null,
      created_at: now,
      input_tokens: e.usage?.input_tokens ?? null,
      output_tokens: e.usage?.output_tokens ?? null,
      cached_input_tokens: e.usage ? (e.usage.cached_input_tokens ?? 0) : null,
      cost_usd: e.costUsd ?? null,
      cache_hit: e.cacheHit ? 1 : 0,
      judge_fingerprint: e.judgeFingerprint ?? null,
    });
    this.saveCalls(e, evaluationId, now);
    // One vote per (criterion, member): a member named twice in a panel keeps its last answer.
    const votes = new Map((e.votes ?? []).map((v) => [`${v.criterion}\u0000${v.judge}`, v]));
    for (const v of votes.values()) {
      this.votes.insert({
        evaluation_id: evaluationId,
        criterion_id: v.criterion,
        judge: v.judge,
        value_json: JSON.stringify(v.value),
        na: v.na ? 1 : 0,
        error_code: v.error_code,
      });
    }
    const kinds = new Map(e.criteria.map((c) => [c.id, c.kind]));
    for (const judged of e.verdicts) {
      const v = atRest().verdict(judged); // rationale, quotes and error message as the body is stored (redacted)
      this.results.insert({
        evaluation_id: evaluationId,
        criterion_id: v.criterion,
        kind: kinds.get(v.criterion) ?? 'unknown',
        value_json: JSON.stringify(v.value),
        na: v.na ? 1 : 0,
        rationale: v.rationale,
        evidence_json: JSON.stringify(v.evidence),
        judge: v.judge,
        error_code: v.error?.code ?? null,
        error_message: v.error?.message ?? null,
        na_code: v.na && !v.error ? (v.na_code ?? null) : null,
      });
    }
    this.findings.insert({ ...e, evaluationId }, e.findings ?? [], now);
    const itemStatus = e.status === 'failed' ? 'failed' : 'scored';
    this.insertItem(e.runId, line, e.transcriptId, evaluationId, itemStatus, e.error ? { code: e.error.code, message: e.error.message } : null);
    return evaluationId;
  }

  private saveCalls(e: NewEvaluation, evaluationId: number, now: string): void {
    for (const call of e.calls ?? []) {
      if (call.ledger_id !== undefined) {
        this.linkCall.run(evaluationId, call.ledger_id); // recorded when its answer came back
        continue;
      }
      this.insertCall.run(
        e.runId,
        e.transcriptId,
        evaluationId,
        call.judge,
        call.usage?.input_tokens ?? null,
        call.usage?.output_tokens ?? null,
        call.usage ? (call.usage.cached_input_tokens ?? 0) : null,
        call.cost_usd,
        call.cache_hit ? 1 : 0,
        now,
      );
    }
  }
}

interface StoredEvaluationRow {
  id: number;
  status: string;
  settled: number;
  judge_fingerprint: string | null;
}

/** A stored fingerprint of null (recorded before schema version 3) or an unknown wanted one matches. */
function sameFingerprint(stored: string | null, wanted: string | null | undefined): boolean {
  return stored === null || wanted === undefined || wanted === null || stored === wanted;
}
