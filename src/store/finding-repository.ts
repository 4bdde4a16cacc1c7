import type { NewFinding } from '../governance/findings.js';
import { ChainedTable } from './hash-chain.js';
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
 * Writes governance findings: append-only (the database refuses UPDATE and DELETE) and hash-chained. Called
 * inside `EvaluationRepository.save`'s transaction.
 */
export class FindingRepository {
  private readonly findings: ChainedTable;
  private readonly rubricStmt;

  constructor(db: Db) {
    this.findings = new ChainedTable(db, 'findings');
    // Rubric id and version come from the rubrics table, which every run fills before it stores anything.
    this.rubricStmt = db.prepare('SELECT id, version FROM rubrics WHERE hash = ?');
  }

  insert(ctx: FindingContext, findings: readonly NewFinding[], now = new Date().toISOString()): void {
    if (findings.length === 0) return;
    const rubric = this.rubricStmt.get(ctx.rubricHash) as { id: string; version: string } | undefined;
    if (!rubric) return;
    for (const f of findings) {
      this.findings.insert({
        run_id: ctx.runId,
        evaluation_id: ctx.evaluationId,
        transcript_id: ctx.transcriptId,
        content_hash: ctx.contentHash,
        criterion_id: f.criterionId,
        rule_check: f.ruleCheck,
        severity: f.severity,
        message_index: f.messageIndex,
        matched_text: f.matchedText,
        policy: f.policy,
        rationale: f.rationale,
        rubric_id: rubric.id,
        rubric_version: rubric.version,
        rubric_hash: ctx.rubricHash,
        judge: ctx.judge,
        created_at: now,
      });
    }
  }
}
