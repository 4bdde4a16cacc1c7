import type { NewFinding } from '../governance/findings.js';
import type { Db } from './open-database.js';

/** What a finding is stored against: the evaluation and the work it covers. */
export interface FindingContext {
  runId: string;
  evaluationId: number;
  transcriptId: string;
  contentHash: string;
  rubricHash: string;
  judge: string;
}

/**
 * Writes governance findings (append-only: the database refuses UPDATE and DELETE) and the judge
 * fingerprint of an evaluation. Called inside `EvaluationRepository.save`'s transaction.
 */
export class FindingRepository {
  private readonly insertStmt;
  private readonly fingerprintStmt;

  constructor(db: Db) {
    // Rubric id and version come from the rubrics table, which every run fills before it stores anything.
    this.insertStmt = db.prepare(
      `INSERT INTO findings (run_id, evaluation_id, transcript_id, content_hash, criterion_id, rule_check, severity, message_index,
                             matched_text, policy, rationale, rubric_id, rubric_version, rubric_hash, judge, created_at)
       SELECT @run_id, @evaluation_id, @transcript_id, @content_hash, @criterion_id, @rule_check, @severity, @message_index,
              @matched_text, @policy, @rationale, r.id, r.version, r.hash, @judge, @created_at
       FROM rubrics r WHERE r.hash = @rubric_hash`,
    );
    this.fingerprintStmt = db.prepare('UPDATE evaluations SET judge_fingerprint = ? WHERE id = ?');
  }

  insert(ctx: FindingContext, findings: readonly NewFinding[], now = new Date().toISOString()): void {
    for (const f of findings) {
      this.insertStmt.run({
        run_id: ctx.runId,
        evaluation_id: ctx.evaluationId,
        transcript_id: ctx.transcriptId,
        content_hash: ctx.contentHash,
        rubric_hash: ctx.rubricHash,
        judge: ctx.judge,
        criterion_id: f.criterionId,
        rule_check: f.ruleCheck,
        severity: f.severity,
        message_index: f.messageIndex,
        matched_text: f.matchedText,
        policy: f.policy,
        rationale: f.rationale,
        created_at: now,
      });
    }
  }

  setJudgeFingerprint(evaluationId: number, fingerprint: string): void {
    this.fingerprintStmt.run(fingerprint, evaluationId);
  }
}
