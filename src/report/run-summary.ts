import { BUDGET_EXCEEDED } from '../judge/budget/budgeted-judge.js';
import { REFUSED_BY_BUDGET_SQL } from './refused-by-budget.js';
import { settledStatus } from '../store/decision-repository.js';
import type { Db } from '../store/open-database.js';
import type { RunRow } from '../store/run-repository.js';
import { summarizeGovernance } from './governance-summary.js';
import type { RunDrift } from './run-drift.js';
import { countUnverifiedEvidence } from './unverified-evidence.js';

export interface CriterionSummary {
  kind: string;
  /** Verdicts with a value (not N/A, not errors). */
  n: number;
  na: number;
  errors: number;
  /** Mean value, for scale criteria. */
  mean: number | null;
  /** Panel verdicts the members did not agree on (error `PANEL_DISPUTED`); counted in `errors`. */
  disputed: number;
  /** Share of `pass`, for binary and rule criteria. */
  pass_rate: number | null;
  /** Count of each value ("pass", a label, a scale level). */
  distribution: Record<string, number>;
  /** Verdicts citing at least one evidence quote not found in the cited message. */
  unverified_evidence: number;
}

export interface RunSummary {
  run_id: string;
  status: string;
  rubric: { id: string; version: string; hash: string };
  judge: string;
  transcripts: {
    read: number;
    scored: number;
    failed: number;
    /** Scored in an earlier run with the same content, rubric and judge; counted in `scored`. */
    reused: number;
    /** Scored, but at least one criterion could not be judged; counted in `scored`. */
    partial: number;
    /** Started before `--since`: left out on purpose, not in `read` and not failed. */
    skipped: number;
    /** Outside `--sample` / `--shard`: left out on purpose, not in `read`. */
    unselected: number;
  };
  /**
   * Over the fully scored transcripts only (`n`); `partial_left_out`: transcripts left out because a scored
   * criterion could not be judged (their QA score is null). `auto_fail` counts every auto-failed transcript.
   */
  qa_score: { mean: number | null; min: number | null; max: number | null; auto_fail: number; n: number; partial_left_out: number };
  criteria: Record<string, CriterionSummary>;
  /** Criterion verdicts citing at least one evidence quote not found in the cited message (all criteria). */
  unverified_evidence: number;
  /** Judge calls made by this run (reused evaluations made none). */
  cost: CostSummary;
  /** Transcripts with at least one failed rule criterion. */
  rule_violations: number;
  /** Transcripts with text addressed to the judge (injection findings); they were still judged normally. */
  injection_suspects: number;
  /** Verdict distributions against the previous score run of the rubric (added by `cxqa score`, see run-drift.ts). */
  drift?: RunDrift;
  /**
   * N/As a judge could not avoid, by `na_code` (`OFFLINE_LANGUAGE`, `OFFLINE_UNSUPPORTED`): how many conversations
   * had at least one, and on which criteria. Expected answers, not failures: they are not in `errors`.
   */
  declined: Record<string, { conversations: number; criteria: string[] }>;
}

export interface CostSummary {
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

/** Summary of one run, computed from the store so reused evaluations count like new ones. */
export function summarizeRun(db: Db, run: RunRow): RunSummary {
  const items = db
    .prepare(
      // A partial evaluation whose every error a human decision settled counts as scored.
      `SELECT ri.status AS item_status, ${settledStatus('e')} AS eval_status, COUNT(*) AS n
       FROM run_items ri LEFT JOIN evaluations e ON e.id = ri.evaluation_id
       WHERE ri.run_id = ? GROUP BY ri.status, eval_status`,
    )
    .all(run.id) as { item_status: string; eval_status: string | null; n: number }[];
  const t = { read: 0, scored: 0, failed: 0, reused: 0, partial: 0, skipped: run.skipped ?? 0, unselected: run.unselected ?? 0 };
  for (const row of items) {
    t.read += row.n;
    if (row.item_status === 'invalid' || row.item_status === 'failed' || row.eval_status === 'failed') t.failed += row.n;
    else t.scored += row.n;
    if (row.item_status === 'reused') t.reused += row.n;
    if (row.eval_status === 'partial') t.partial += row.n;
  }

  const rows = db
    .prepare(
      `SELECT cr.criterion_id AS id, cr.kind, cr.value_json, cr.na, cr.error_code IS NOT NULL AS is_error,
              cr.error_code IS 'PANEL_DISPUTED' AS is_disputed, COUNT(*) AS n
       FROM run_items ri JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? GROUP BY cr.criterion_id, cr.kind, cr.value_json, cr.na, is_error, is_disputed`,
    )
    .all(run.id) as { id: string; kind: string; value_json: string; na: number; is_error: number; is_disputed: number; n: number }[];

  const criteria: Record<string, CriterionSummary> = {};
  const sums = new Map<string, number>();
  for (const row of rows) {
    const c = (criteria[row.id] ??= { kind: row.kind, n: 0, na: 0, errors: 0, disputed: 0, mean: null, pass_rate: null, distribution: {}, unverified_evidence: 0 });
    if (row.is_disputed) c.disputed += row.n;
    if (row.is_error) c.errors += row.n;
    else if (row.na) c.na += row.n;
    else {
      const value = JSON.parse(row.value_json) as number | string | null;
      if (value === null) continue;
      c.n += row.n;
      c.distribution[String(value)] = (c.distribution[String(value)] ?? 0) + row.n;
      if (typeof value === 'number') sums.set(row.id, (sums.get(row.id) ?? 0) + value * row.n);
    }
  }
  const unverified = countUnverifiedEvidence(db, run.id);
  for (const [id, c] of Object.entries(criteria)) {
    c.unverified_evidence = unverified.byCriterion[id] ?? 0;
    if (c.kind === 'scale' && c.n > 0) c.mean = round2((sums.get(id) ?? 0) / c.n);
    if ((c.kind === 'binary' || c.kind === 'rule') && c.n > 0) c.pass_rate = round2((c.distribution['pass'] ?? 0) / c.n);
  }

  return {
    run_id: run.id,
    status: run.status,
    rubric: { id: run.rubric_id, version: run.rubric_version, hash: run.rubric_hash },
    judge: run.judge,
    transcripts: t,
    qa_score: summarizeQaScore(db, run.id),
    criteria,
    unverified_evidence: unverified.total,
    cost: summarizeCost(db, run.id),
    ...summarizeGovernance(db, run.id),
    declined: summarizeDeclined(db, run.id),
  };
}

/** Conversations (and criteria) of a run with an N/A carrying an `na_code`. */
function summarizeDeclined(db: Db, runId: string): RunSummary['declined'] {
  const rows = db
    .prepare(
      `SELECT cr.na_code AS code, COUNT(DISTINCT ri.evaluation_id) AS conversations, GROUP_CONCAT(DISTINCT cr.criterion_id) AS criteria
       FROM run_items ri JOIN criterion_results cr ON cr.evaluation_id = ri.evaluation_id
       WHERE ri.run_id = ? AND cr.na_code IS NOT NULL GROUP BY cr.na_code ORDER BY cr.na_code`,
    )
    .all(runId) as { code: string; conversations: number; criteria: string }[];
  const out: RunSummary['declined'] = {};
  for (const r of rows) out[r.code] = { conversations: r.conversations, criteria: r.criteria.split(',').sort() };
  return out;
}

/**
 * QA score statistics over a run's evaluations that were not failed. With `excludeRefusedByBudget` (runs with
 * `--max-cost` only: the extra condition costs ~3 µs per evaluation), transcripts the budget refused are left
 * out too: their score over the rule criteria alone would pull the mean, and the next run judges them.
 */
export function summarizeQaScore(db: Db, runId: string, opts: { excludeRefusedByBudget?: boolean } = {}): RunSummary['qa_score'] {
  const qa = db
    .prepare(
      `SELECT AVG(e.qa_score) AS mean, MIN(e.qa_score) AS min, MAX(e.qa_score) AS max, COALESCE(SUM(e.auto_fail), 0) AS auto_fail,
              COUNT(e.qa_score) AS n, COALESCE(SUM(e.qa_score IS NULL AND e.status = 'partial'), 0) AS partial_left_out
       FROM run_items ri JOIN evaluations e ON e.id = ri.evaluation_id
       WHERE ri.run_id = @run AND e.status != 'failed'${opts.excludeRefusedByBudget ? ` AND NOT ${REFUSED_BY_BUDGET_SQL}` : ''}`,
    )
    .get({ run: runId, ...(opts.excludeRefusedByBudget ? { budget: BUDGET_EXCEEDED } : {}) }) as RunSummary['qa_score'];
  return { ...qa, mean: qa.mean === null ? null : round2(qa.mean) };
}

function summarizeCost(db: Db, runId: string): CostSummary {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(cost_usd), 0) AS usd, COALESCE(SUM(input_tokens), 0) AS input_tokens,
              COALESCE(SUM(output_tokens), 0) AS output_tokens,
              COALESCE(SUM(cache_hit = 0), 0) AS calls, COALESCE(SUM(cache_hit = 1), 0) AS cache_hits,
              COALESCE(SUM(cache_hit = 0 AND cost_usd IS NULL), 0) AS unpriced_calls
       FROM judge_calls WHERE run_id = ?`,
    )
    .get(runId) as CostSummary;
  return { ...row, usd: Math.round(row.usd * 1e6) / 1e6 };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
