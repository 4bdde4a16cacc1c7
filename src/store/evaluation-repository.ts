import type { Criterion } from '../rubric/schema.js';
import type { JudgeCall, PanelVote, TokenUsage } from '../judge/judge.js';
import type { Verdict } from '../judge/verdict.js';
import type { Transcript } from '../transcript/schema.js';
import type { NewFinding } from '../governance/findings.js';
import { hasUnsettledErrors } from './decision-repository.js';
import { FindingRepository } from './finding-repository.js';
import type { Db } from './open-database.js';

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
}

export interface RunItemProblem {
  code: string;
  message: string;
  field?: string | undefined;
}

/**
 * Reads and writes evaluations. Statements are prepared once per database. An evaluation that was fully
 * scored is never rewritten; a failed or partial one is replaced when the same work is done again.
 */
export class EvaluationRepository {
  private readonly findStmt;
  private readonly deleteStmt;
  private readonly insertTranscript;
  private readonly insertEvaluation;
  private readonly insertResult;
  private readonly insertItem;
  private readonly insertCall;
  private readonly insertVote;
  private readonly findings: FindingRepository;

  constructor(private readonly db: Db) {
    this.findStmt = db.prepare(
      // The UNIQUE (transcript_id, content_hash, rubric_hash, judge) index makes this a single index lookup.
      // settled: a partial or failed evaluation whose every error verdict a human decision settles (not judged again).
      `SELECT id, status, judge_fingerprint, (status <> 'scored' AND NOT ${hasUnsettledErrors('evaluations')}) AS settled
       FROM evaluations WHERE transcript_id = ? AND content_hash = ? AND rubric_hash = ? AND judge = ?`,
    );
    this.deleteStmt = db.prepare('DELETE FROM evaluations WHERE id = ?');
    this.insertTranscript = db.prepare(
      `INSERT OR IGNORE INTO transcripts (id, content_hash, channel, started_at, customer_id, agent_id, intent, message_count, body_json)
       VALUES (@id, @content_hash, @channel, @started_at, @customer_id, @agent_id, @intent, @message_count, @body_json)`,
    );
    this.insertEvaluation = db.prepare(
      `INSERT INTO evaluations (transcript_id, content_hash, rubric_hash, judge, run_id, status, qa_score, auto_fail, error_code, error_message, created_at,
                                input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertResult = db.prepare(
      `INSERT INTO criterion_results (evaluation_id, criterion_id, kind, value_json, na, rationale, evidence_json, judge, error_code, error_message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertItem = db.prepare(
      `INSERT INTO run_items (run_id, source_line, transcript_id, evaluation_id, status, error_code, error_field, error_message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertCall = db.prepare(
      `INSERT INTO judge_calls (run_id, transcript_id, evaluation_id, judge, input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertVote = db.prepare(
      `INSERT OR REPLACE INTO panel_votes (evaluation_id, criterion_id, judge, value_json, na, error_code) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.findings = new FindingRepository(db);
  }

  /**
   * The id of a fully scored evaluation of exactly this work (same judge fingerprint too), if one exists; a
   * partial or failed one whose errors human decisions have all settled counts as scored (no re-judging).
   */
  findScored(key: EvaluationKey): number | undefined {
    const row = this.findRow(key);
    return row && (row.status === 'scored' || row.settled === 1) && sameFingerprint(row.judge_fingerprint, key.judgeFingerprint) ? row.id : undefined;
  }

  private findRow(key: EvaluationKey): StoredEvaluationRow | undefined {
    return this.findStmt.get(key.transcriptId, key.contentHash, key.rubricHash, key.judge) as StoredEvaluationRow | undefined;
  }

  /** Records that a run covered an evaluation that already existed. */
  recordReuse(runId: string, line: number | null, transcriptId: string, evaluationId: number): void {
    this.insertItem.run(runId, line, transcriptId, evaluationId, 'reused', null, null, null);
  }

  /** Records an input line that could not be scored at all (bad JSON, schema error). */
  recordInvalid(runId: string, line: number | null, transcriptId: string | null, problem: RunItemProblem): void {
    this.insertItem.run(runId, line, transcriptId, null, 'invalid', problem.code, problem.field ?? null, problem.message);
  }

  /**
   * Stores a new evaluation with all its criterion results, replacing an earlier failed or partial one, or
   * one made under another judge fingerprint (the unique key has no room for both).
   */
  save(evaluation: NewEvaluation, line: number | null): number {
    return this.db.transaction(() => this.saveInTransaction(evaluation, line))();
  }

  /** {@link save} without its own transaction: the caller batches several inside one. */
  saveInTransaction(e: NewEvaluation, line: number | null): number {
    const t = e.transcript;
    this.insertTranscript.run({
      id: t.id,
      content_hash: e.contentHash,
      channel: t.channel,
      started_at: t.started_at,
      customer_id: t.customer_id,
      agent_id: t.agent_id ?? null,
      intent: t.intent ?? null,
      message_count: t.messages.length,
      body_json: JSON.stringify(t),
    });
    const now = new Date().toISOString();
    const previous = this.findRow(e);
    if (previous) {
      if (previous.status === 'scored' && sameFingerprint(previous.judge_fingerprint, e.judgeFingerprint)) {
        this.recordReuse(e.runId, line, e.transcriptId, previous.id);
        this.saveCalls(e, previous.id, now); // money spent on the duplicate work stays on record
        return previous.id;
      }
      this.deleteStmt.run(previous.id);
    }
    const info = this.insertEvaluation.run(
      e.transcriptId,
      e.contentHash,
      e.rubricHash,
      e.judge,
      e.runId,
      e.status,
      e.qaScore,
      e.autoFail ? 1 : 0,
      e.error?.code ?? null,
      e.error?.message ?? null,
      now,
      e.usage?.input_tokens ?? null,
      e.usage?.output_tokens ?? null,
      e.usage ? (e.usage.cached_input_tokens ?? 0) : null,
      e.costUsd ?? null,
      e.cacheHit ? 1 : 0,
    );
    const evaluationId = Number(info.lastInsertRowid);
    this.saveCalls(e, evaluationId, now);
    for (const v of e.votes ?? []) {
      this.insertVote.run(evaluationId, v.criterion, v.judge, JSON.stringify(v.value), v.na ? 1 : 0, v.error_code);
    }
    const kinds = new Map(e.criteria.map((c) => [c.id, c.kind]));
    for (const v of e.verdicts) {
      this.insertResult.run(
        evaluationId,
        v.criterion,
        kinds.get(v.criterion) ?? 'unknown',
        JSON.stringify(v.value),
        v.na ? 1 : 0,
        v.rationale,
        JSON.stringify(v.evidence),
        v.judge,
        v.error?.code ?? null,
        v.error?.message ?? null,
      );
    }
    if (e.judgeFingerprint) this.findings.setJudgeFingerprint(evaluationId, e.judgeFingerprint);
    this.findings.insert({ ...e, evaluationId }, e.findings ?? [], now);
    const itemStatus = e.status === 'failed' ? 'failed' : 'scored';
    this.insertItem.run(e.runId, line, e.transcriptId, evaluationId, itemStatus, e.error?.code ?? null, null, e.error?.message ?? null);
    return evaluationId;
  }

  private saveCalls(e: NewEvaluation, evaluationId: number, now: string): void {
    for (const call of e.calls ?? []) {
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
