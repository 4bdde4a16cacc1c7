import type { Db } from '../store/open-database.js';
import type { RunRow } from '../store/run-repository.js';
import {
  declinedCounts,
  governanceCounts,
  qaScoreStats,
  runCallTotals,
  runItemCounts,
  type RunCallTotals,
  unverifiedEvidenceCounts,
  verdictValueCounts,
} from '../store/run-summary-queries.js';
import type { RunDrift } from './run-drift.js';

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

/** The judge calls a run made (`usd` rounded to 1e-6). */
export type CostSummary = RunCallTotals;

/** Summary of one run, computed from the store so reused evaluations count like new ones. */
export function summarizeRun(db: Db, run: RunRow): RunSummary {
  const t = { read: 0, scored: 0, failed: 0, reused: 0, partial: 0, skipped: run.skipped ?? 0, unselected: run.unselected ?? 0 };
  for (const row of runItemCounts(db, run.id)) {
    t.read += row.n;
    if (row.item_status === 'invalid' || row.item_status === 'failed' || row.eval_status === 'failed') t.failed += row.n;
    else t.scored += row.n;
    if (row.item_status === 'reused') t.reused += row.n;
    if (row.eval_status === 'partial') t.partial += row.n;
  }

  const criteria: Record<string, CriterionSummary> = {};
  const sums = new Map<string, number>();
  for (const row of verdictValueCounts(db, run.id)) {
    const c = (criteria[row.criterion] ??= { kind: row.kind, n: 0, na: 0, errors: 0, disputed: 0, mean: null, pass_rate: null, distribution: {}, unverified_evidence: 0 });
    if (row.is_disputed) c.disputed += row.n;
    if (row.is_error) c.errors += row.n;
    else if (row.na) c.na += row.n;
    else {
      const value = row.value;
      if (value === null) continue;
      c.n += row.n;
      c.distribution[String(value)] = (c.distribution[String(value)] ?? 0) + row.n;
      if (typeof value === 'number') sums.set(row.criterion, (sums.get(row.criterion) ?? 0) + value * row.n);
    }
  }
  const unverified = unverifiedEvidenceCounts(db, run.id);
  for (const [id, c] of Object.entries(criteria)) {
    c.unverified_evidence = unverified.find((u) => u.criterion === id)?.n ?? 0;
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
    unverified_evidence: unverified.reduce((sum, u) => sum + u.n, 0),
    cost: summarizeCost(db, run.id),
    ...governanceCounts(db, run.id),
    declined: summarizeDeclined(db, run.id),
  };
}

/** Conversations (and criteria) of a run with an N/A carrying an `na_code`. */
function summarizeDeclined(db: Db, runId: string): RunSummary['declined'] {
  const out: RunSummary['declined'] = {};
  for (const r of declinedCounts(db, runId)) out[r.code] = { conversations: r.conversations, criteria: r.criteria.sort() };
  return out;
}

/**
 * QA score statistics over a run's evaluations that were not failed. With `excludeRefusedByBudget` (runs with
 * `--max-cost` only), transcripts the budget refused are left out too: their score over the rule criteria alone
 * would pull the mean, and the next run judges them.
 */
export function summarizeQaScore(db: Db, runId: string, opts: { excludeRefusedByBudget?: boolean } = {}): RunSummary['qa_score'] {
  const qa = qaScoreStats(db, runId, opts);
  return { ...qa, mean: qa.mean === null ? null : round2(qa.mean) };
}

function summarizeCost(db: Db, runId: string): CostSummary {
  const row = runCallTotals(db, runId);
  return { ...row, usd: Math.round(row.usd * 1e6) / 1e6 };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
