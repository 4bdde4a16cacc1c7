import { UsageError } from '../error/cxqa-error.js';
import { closestKey } from '../rubric/known-keys.js';
import type { Rubric } from '../rubric/schema.js';
import { DecisionRepository, type DecisionRecord } from '../store/decision-repository.js';
import type { Db } from '../store/open-database.js';
import { parseDecisionValue } from './decision-value.js';

export interface DecideOptions {
  transcriptId: string;
  criterionId: string;
  /** As typed: `4`, `pass`, `resolved`, `na`. */
  value: string;
  reviewer: string;
  note?: string | undefined;
  /** Which rubric, when the transcript was evaluated with several rubrics that have this criterion. */
  rubricId?: string | undefined;
}

/**
 * Records a human decision on the most recent evaluation of the transcript that has the criterion: its content
 * and rubric id are what the decision applies to (a changed transcript is new work, a new rubric version of the
 * same id keeps it). The value is checked against the criterion of that evaluation's rubric version.
 * @throws UsageError when the transcript, criterion or rubric is unknown, ambiguous, or the value does not fit.
 */
export function decide(db: Db, dbPath: string, opts: DecideOptions): DecisionRecord {
  const repo = new DecisionRepository(db);
  if (!opts.reviewer.trim()) throw new UsageError('--reviewer needs a name: a decision says who made it', 'DECISION_REVIEWER');
  if (!repo.transcriptKnown(opts.transcriptId)) throw new UsageError(`no transcript "${opts.transcriptId}" in ${dbPath}`, 'TRANSCRIPT_NOT_FOUND');
  const targets = repo.targets(opts.transcriptId, opts.criterionId, opts.rubricId);
  if (targets.length === 0) {
    const known = repo.criteriaOf(opts.transcriptId);
    const near = closestKey(opts.criterionId, known);
    throw new UsageError(
      `transcript "${opts.transcriptId}" has no verdict for criterion "${opts.criterionId}"${opts.rubricId ? ` under rubric ${opts.rubricId}` : ''}` +
        `${near ? ` (did you mean "${near}"?)` : ''}; its criteria: ${known.join(', ') || 'none'}`,
      'CRITERION_NOT_FOUND',
    );
  }
  if (targets.length > 1) {
    throw new UsageError(
      `transcript "${opts.transcriptId}" was evaluated with several rubrics that have "${opts.criterionId}" (${targets.map((t) => t.rubric_id).join(', ')}): say which with --rubric ID`,
      'RUBRIC_AMBIGUOUS',
    );
  }
  const target = targets[0]!;
  const rubric = JSON.parse(target.rubric_body_json) as Rubric;
  const criterion = rubric.criteria.find((c) => c.id === opts.criterionId);
  if (!criterion) throw new UsageError(`rubric ${target.rubric_id} has no criterion "${opts.criterionId}"`, 'CRITERION_NOT_FOUND');
  const { value, na } = parseDecisionValue(criterion, opts.value);
  return repo.record({
    transcriptId: target.transcript_id,
    contentHash: target.content_hash,
    rubricId: target.rubric_id,
    rubricHash: target.rubric_hash,
    criterionId: criterion.id,
    value,
    na,
    reviewer: opts.reviewer.trim(),
    note: opts.note ?? null,
    evaluationId: target.evaluation_id,
    judgeValue: target.error_code || target.na ? null : (JSON.parse(target.value_json) as number | string | null),
    judgeErrorCode: target.error_code,
  });
}
