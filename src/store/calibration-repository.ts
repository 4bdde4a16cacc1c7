import type { CriterionAgreement } from '../calibrate/criterion-agreement.js';
import type { Db } from './open-database.js';
import { ChainedTable } from './hash-chain.js';

/** What a calibration's rows are stored against. */
export interface CalibrationContext {
  runId: string;
  evalFile: string;
  rubric: { id: string; version: string; hash: string };
  judge: string;
  judgeFingerprint: string;
}

/** One stored criterion result of a calibration (`calibration_results`). */
export interface StoredCalibration {
  id: number;
  run_id: string;
  created_at: string;
  eval_file: string;
  rubric_id: string;
  rubric_version: string;
  rubric_hash: string;
  judge: string;
  judge_fingerprint: string;
  criterion_id: string;
  kind: string;
  n: number;
  kappa: number | null;
  weighted_kappa: number | null;
  alpha: number | null;
  human_alpha: number | null;
  baseline_items: number | null;
  baseline_human_alpha: number | null;
  baseline_judge_alpha: number | null;
  human_ratio: number | null;
  human_ratio_low: number | null;
  /** 1 every gate of the criterion passed, 0 one failed, null no gate set. */
  gates_passed: 0 | 1 | null;
  result: CriterionAgreement;
}

/** Appends one row per criterion of a calibration report (the table refuses UPDATE and DELETE; rows are hash-chained). */
export function storeCalibration(db: Db, ctx: CalibrationContext, criteria: Record<string, CriterionAgreement>, now = new Date().toISOString()): void {
  const insert = new ChainedTable(db, 'calibration_results');
  db.transaction(() => {
    for (const [id, c] of Object.entries(criteria)) {
      const gates = [c.gate, c.human_ratio_gate].filter((g) => g !== null);
      insert.insert({
        run_id: ctx.runId,
        created_at: now,
        eval_file: ctx.evalFile,
        rubric_id: ctx.rubric.id,
        rubric_version: ctx.rubric.version,
        rubric_hash: ctx.rubric.hash,
        judge: ctx.judge,
        judge_fingerprint: ctx.judgeFingerprint,
        criterion_id: id,
        kind: c.kind,
        n: c.n,
        kappa: c.kappa,
        weighted_kappa: c.weighted_kappa,
        alpha: c.alpha,
        human_alpha: c.human_alpha,
        baseline_items: c.human_baseline?.items ?? null,
        baseline_human_alpha: c.human_baseline?.alpha ?? null,
        baseline_judge_alpha: c.human_baseline?.judge_alpha ?? null,
        human_ratio: c.human_baseline?.ratio ?? null,
        human_ratio_low: c.human_baseline?.ci95.ratio?.[0] ?? null,
        gates_passed: gates.length === 0 ? null : gates.every((g) => g.passed) ? 1 : 0,
        result_json: JSON.stringify(c),
      });
    }
  })();
}

/** Stored calibration results, newest first, optionally for one rubric id, criterion and judge. */
export function listCalibrations(db: Db, filter: { rubricId?: string; criterion?: string; judge?: string; limit?: number } = {}): StoredCalibration[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit ?? 100 };
  if (filter.rubricId !== undefined) (where.push('rubric_id = @rubric_id'), (params.rubric_id = filter.rubricId));
  if (filter.criterion !== undefined) (where.push('criterion_id = @criterion_id'), (params.criterion_id = filter.criterion));
  if (filter.judge !== undefined) (where.push('judge = @judge'), (params.judge = filter.judge));
  const rows = db
    .prepare(
      `SELECT * FROM calibration_results ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT @limit`,
    )
    .all(params) as (Omit<StoredCalibration, 'result'> & { result_json: string })[];
  return rows.map(({ result_json, ...row }) => ({ ...row, result: JSON.parse(result_json) as CriterionAgreement }));
}
