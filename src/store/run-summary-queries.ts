import { BUDGET_EXCEEDED } from '../judge/budget/budgeted-judge.js';
import { INJECTION_CHECK } from '../governance/findings.js';
import { settledStatus } from './decision-repository.js';
import type { Db } from './open-database.js';

/**
 * Aggregates over the evaluations a run covered (its `run_items`, reused evaluations included), for the run
 * summary (`cxqa score`, `export --summary`), its drift and its budget report.
 */

/**
 * SQL condition on an evaluation aliased `e`: the budget refused every one of its judged criteria (rule criteria
 * are still evaluated locally), so it was never judged, only "not scheduled". A transcript with at least one real
 * judged verdict is not refused: it was judged in part. Bind `budget` to `BUDGET_EXCEEDED`.
 */
const REFUSED_BY_BUDGET = `(EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = e.id AND cr.error_code = @budget)
  AND NOT EXISTS (SELECT 1 FROM criterion_results cr WHERE cr.evaluation_id = e.id AND cr.kind != 'rule' AND cr.error_code IS NOT @budget))`;

/** Run items by their status and their evaluation's status (a partial evaluation every error of which a human settled counts as scored). */
export function runItemCounts(db: Db, runId: string): { item_status: string; eval_status: string | null; n: number }[] {
  return db
    .prepare(
      `SELECT ri.status AS item_status, ${settledStatus('e')} AS eval_status, COUNT(*) AS n
       FROM run_items ri LEFT JOIN evaluations e ON e.id = ri.evaluation_id
       WHERE ri.run_id = ? GROUP BY ri.status, eval_status`,
    )
    .all(runId) as { item_status: string; eval_status: string | null; n: number }[];
}

/** How many verdicts of a run had each value (decoded), per criterion; errors and disputes counted apart. */
export interface VerdictValueCount {
  criterion: string;
  kind: string;
  value: number | string | null;
  na: boolean;
  is_error: boolean;
  is_disputed: boolean;
  n: number;
}

export function verdictValueCounts(db: Db, runId: string): VerdictValueCount[] {
  const rows = db
    .prepare(
      `SELECT cr.criterion_id AS id, cr.kind, cr.value_json, cr.na, cr.error_code IS NOT NULL AS is_error,
              cr.error_code IS 'PANEL_DISPUTED' AS is_disputed, COUNT(*) AS n
       FROM run_items ri JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? GROUP BY cr.criterion_id, cr.kind, cr.value_json, cr.na, is_error, is_disputed`,
    )
    .all(runId) as { id: string; kind: string; value_json: string; na: number; is_error: number; is_disputed: number; n: number }[];
  return rows.map((r) => ({
    criterion: r.id,
    kind: r.kind,
    value: JSON.parse(r.value_json) as number | string | null,
    na: r.na === 1,
    is_error: r.is_error === 1,
    is_disputed: r.is_disputed === 1,
    n: r.n,
  }));
}

/** Conversations of a run with an N/A carrying an `na_code`, per code, and the criteria it was on (unsorted). */
export function declinedCounts(db: Db, runId: string): { code: string; conversations: number; criteria: string[] }[] {
  const rows = db
    .prepare(
      `SELECT cr.na_code AS code, COUNT(DISTINCT ri.evaluation_id) AS conversations, GROUP_CONCAT(DISTINCT cr.criterion_id) AS criteria
       FROM run_items ri JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? AND cr.na_code IS NOT NULL GROUP BY cr.na_code ORDER BY cr.na_code`,
    )
    .all(runId) as { code: string; conversations: number; criteria: string }[];
  return rows.map((r) => ({ code: r.code, conversations: r.conversations, criteria: r.criteria.split(',') }));
}

/** QA score statistics over a run's evaluations that did not fail (mean unrounded). */
export interface QaScoreStats {
  mean: number | null;
  min: number | null;
  max: number | null;
  auto_fail: number;
  n: number;
  partial_left_out: number;
}

/**
 * QA score statistics of a run. With `excludeRefusedByBudget` (runs with `--max-cost` only: the extra condition
 * costs ~3 µs per evaluation), evaluations the budget refused outright are left out too.
 */
export function qaScoreStats(db: Db, runId: string, opts: { excludeRefusedByBudget?: boolean } = {}): QaScoreStats {
  return db
    .prepare(
      `SELECT AVG(e.qa_score) AS mean, MIN(e.qa_score) AS min, MAX(e.qa_score) AS max, COALESCE(SUM(e.auto_fail), 0) AS auto_fail,
              COUNT(e.qa_score) AS n, COALESCE(SUM(e.qa_score IS NULL AND e.status = 'partial'), 0) AS partial_left_out
       FROM run_items ri JOIN evaluations e ON e.id = ri.evaluation_id
       WHERE ri.run_id = @run AND e.status != 'failed'${opts.excludeRefusedByBudget ? ` AND NOT ${REFUSED_BY_BUDGET}` : ''}`,
    )
    .get({ run: runId, ...(opts.excludeRefusedByBudget ? { budget: BUDGET_EXCEEDED } : {}) }) as QaScoreStats;
}

/**
 * Evaluations a run made itself (not reused) that the budget refused outright, by their status: `failed` (no
 * rule criterion) or `partial` (rule criteria only). Other statuses are not counted.
 */
export function refusedByBudgetCounts(db: Db, runId: string): { failed: number; partial: number } {
  const rows = db
    .prepare(
      `SELECT e.status AS status, COUNT(*) AS n
       FROM run_items ri JOIN evaluations e ON e.id = ri.evaluation_id
       WHERE ri.run_id = @run AND ri.status != 'reused'
         AND ${REFUSED_BY_BUDGET}
       GROUP BY e.status`,
    )
    .all({ run: runId, budget: BUDGET_EXCEEDED }) as { status: string; n: number }[];
  const out = { failed: 0, partial: 0 };
  for (const r of rows) if (r.status === 'failed' || r.status === 'partial') out[r.status] += r.n;
  return out;
}

/** Totals of the judge calls a run recorded (`usd` unrounded; cache hits are calls too, counted apart). */
export interface RunCallTotals {
  /** USD over the calls with a known price; cache hits count 0. */
  usd: number;
  input_tokens: number;
  output_tokens: number;
  /** HTTP requests made to providers: repairs, per-criterion calls and the SDK's retries included (cache hits excluded). */
  calls: number;
  /** Calls answered from the judge cache instead. */
  cache_hits: number;
  /** Provider calls whose model has no known price (their cost is not in `usd`). */
  unpriced_calls: number;
}

export function runCallTotals(db: Db, runId: string): RunCallTotals {
  return db
    .prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS usd, COALESCE(SUM(input_tokens), 0) AS input_tokens,
              COALESCE(SUM(output_tokens), 0) AS output_tokens,
              COALESCE(SUM(cache_hit = 0), 0) AS calls, COALESCE(SUM(cache_hit = 1), 0) AS cache_hits,
              COALESCE(SUM(cache_hit = 0 AND cost_usd IS NULL), 0) AS unpriced_calls
       FROM judge_calls WHERE run_id = ?`,
    )
    .get(runId) as RunCallTotals;
}

/** Transcripts of a run with a failed rule criterion, and with an injection finding. */
export function governanceCounts(db: Db, runId: string): { rule_violations: number; injection_suspects: number } {
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

/** Per criterion, the verdicts of a run citing at least one evidence quote that was checked and not found. */
export function unverifiedEvidenceCounts(db: Db, runId: string): { criterion: string; n: number }[] {
  return db
    .prepare(
      `SELECT cr.criterion_id AS criterion, COUNT(*) AS n
       FROM run_items ri JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? AND cr.evidence_json LIKE '%"verified":false%'
       GROUP BY cr.criterion_id`,
    )
    .all(runId) as { criterion: string; n: number }[];
}

/** The latest score run of a rubric id started no later than `startedAt`, other than `runId`. */
export function previousScoreRun(db: Db, rubricId: string, runId: string, startedAt: string): string | undefined {
  const row = db
    .prepare(`SELECT id FROM runs WHERE command = 'score' AND rubric_id = ? AND id != ? AND started_at <= ? ORDER BY started_at DESC, rowid DESC LIMIT 1`)
    .get(rubricId, runId, startedAt) as { id: string } | undefined;
  return row?.id;
}
