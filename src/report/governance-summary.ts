import { INJECTION_CHECK } from '../governance/findings.js';
import type { Db } from '../store/open-database.js';

/** Governance counts of one run, over every evaluation the run covered (reused ones included). */
export interface GovernanceSummary {
  /** Transcripts with at least one failed rule criterion. */
  rule_violations: number;
  /** Transcripts with at least one injection finding (text addressed to the judge). */
  injection_suspects: number;
}

export function summarizeGovernance(db: Db, runId: string): GovernanceSummary {
  const violations = db
    .prepare(
      `SELECT COUNT(DISTINCT ri.evaluation_id) AS n FROM run_items ri
       JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? AND cr.kind = 'rule' AND cr.value_json = '"fail"' AND cr.error_code IS NULL`,
    )
    .get(runId) as { n: number };
  const suspects = db
    .prepare(
      `SELECT COUNT(DISTINCT ri.evaluation_id) AS n FROM run_items ri
       JOIN findings f ON f.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? AND f.rule_check = ?`,
    )
    .get(runId, INJECTION_CHECK) as { n: number };
  return { rule_violations: violations.n, injection_suspects: suspects.n };
}
