import { fitModelSchema, type FitModel } from '../values/fit-model.js';
import type { Db } from './open-database.js';
import { ChainedTable } from './hash-chain.js';

export interface NewFit {
  rubricId: string;
  criterionId: string;
  judge: string;
  judgeFingerprint: string;
  source: string;
  labels: number;
  model: FitModel;
  /** What `fit` measured (k-fold before/after, held-out-human baseline), kept beside the model. */
  cv: unknown;
}

export interface StoredFit {
  id: number;
  created_at: string;
  rubric_id: string;
  criterion_id: string;
  judge: string;
  judge_fingerprint: string;
  kind: FitModel['kind'];
  source: string;
  labels: number;
  model: FitModel;
  cv: unknown;
}

type Row = Omit<StoredFit, 'model' | 'cv'> & { model_json: string; cv_json: string };

function toFit(row: Row): StoredFit {
  const { model_json, cv_json, ...rest } = row;
  return { ...rest, model: fitModelSchema.parse(JSON.parse(model_json)), cv: JSON.parse(cv_json) as unknown };
}

/** Stores a fitted model (append-only, hash-chained); its id is its version. */
export function storeFit(db: Db, fit: NewFit, now = new Date().toISOString()): number {
  return new ChainedTable(db, 'judge_fits').insert({
    created_at: now,
    rubric_id: fit.rubricId,
    criterion_id: fit.criterionId,
    judge: fit.judge,
    judge_fingerprint: fit.judgeFingerprint,
    kind: fit.model.kind,
    source: fit.source,
    labels: fit.labels,
    model_json: JSON.stringify(fit.model),
    cv_json: JSON.stringify(fit.cv),
  });
}

/** The latest fit per criterion of a rubric id for an unfitted judge fingerprint. */
export function latestFits(db: Db, rubricId: string, judgeFingerprint: string): StoredFit[] {
  const rows = db
    .prepare(
      `SELECT f.* FROM judge_fits f
       WHERE f.rubric_id = ? AND f.judge_fingerprint = ?
         AND f.id = (SELECT MAX(g.id) FROM judge_fits g
                     WHERE g.rubric_id = f.rubric_id AND g.criterion_id = f.criterion_id AND g.judge_fingerprint = f.judge_fingerprint)
       ORDER BY f.criterion_id`,
    )
    .all(rubricId, judgeFingerprint) as Row[];
  return rows.map(toFit);
}

export function fitsById(db: Db, ids: readonly number[]): StoredFit[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM judge_fits WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids) as Row[];
  return rows.map(toFit);
}

/** The identity of a stored fit that survives `merge` (which renumbers ids): rubric, criterion, judge, creation time. */
export interface FitIdentity {
  rubricId: string;
  criterionId: string;
  judgeFingerprint: string;
  createdAt: string;
}

/** The stored fit with this identity (the first, should a merge have copied it twice), if any. */
export function findFit(db: Db, fit: FitIdentity): StoredFit | undefined {
  const row = db
    .prepare('SELECT * FROM judge_fits WHERE rubric_id = ? AND criterion_id = ? AND judge_fingerprint = ? AND created_at = ? ORDER BY id LIMIT 1')
    .get(fit.rubricId, fit.criterionId, fit.judgeFingerprint, fit.createdAt) as Row | undefined;
  return row && toFit(row);
}
