import { canonicalJson, sha256 } from '../shared/hash.js';
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
  /** The row id in this database: `merge` renumbers it, so nothing stored names a fit by it (see `key`). */
  id: number;
  /**
   * The fit's version as judge names carry it (`+fit-<key>`): a hash of what it computes (rubric, criterion,
   * unfitted judge, model), the same in every database `merge` copies it into. A refit that learns the very same
   * model has the same key, so its results are reused.
   */
  key: string;
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

type Row = Omit<StoredFit, 'key' | 'model' | 'cv'> & { model_json: string; cv_json: string };

/** Length in hex digits of a fit key (48 bits: a clash among a database's few dozen fits is out of reach). */
export const FIT_KEY_LENGTH = 12;

/** A fit's key: sha256 of its rubric, criterion, unfitted judge fingerprint and model, cut to {@link FIT_KEY_LENGTH}. */
export function fitKey(row: Pick<Row, 'rubric_id' | 'criterion_id' | 'judge_fingerprint' | 'model_json'>): string {
  const identity = { rubric_id: row.rubric_id, criterion_id: row.criterion_id, judge_fingerprint: row.judge_fingerprint, model: JSON.parse(row.model_json) as unknown };
  return sha256(canonicalJson(identity)).slice(0, FIT_KEY_LENGTH);
}

function toFit(row: Row): StoredFit {
  const { model_json, cv_json, ...rest } = row;
  return { ...rest, key: fitKey(row), model: fitModelSchema.parse(JSON.parse(model_json)), cv: JSON.parse(cv_json) as unknown };
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

/**
 * The latest fit per criterion of a rubric id for an unfitted judge fingerprint: the most recently created (ties:
 * the higher id). Not the highest id: `merge` gives a shard's older fit a higher id than this database's newer one.
 */
export function latestFits(db: Db, rubricId: string, judgeFingerprint: string): StoredFit[] {
  const rows = db
    .prepare(
      `SELECT f.* FROM judge_fits f
       WHERE f.rubric_id = ? AND f.judge_fingerprint = ?
         AND f.id = (SELECT g.id FROM judge_fits g
                     WHERE g.rubric_id = f.rubric_id AND g.criterion_id = f.criterion_id AND g.judge_fingerprint = f.judge_fingerprint
                     ORDER BY g.created_at DESC, g.id DESC LIMIT 1)
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

/** The stored fits with these keys (`+fit-<key>` in a judge name), in key order given; a key not in this database is left out. */
export function fitsByKey(db: Db, keys: readonly string[]): StoredFit[] {
  if (keys.length === 0) return [];
  // A database holds a few dozen fits at most: hashing each is cheaper than a column the chained rows lack.
  const all = (db.prepare('SELECT * FROM judge_fits ORDER BY id').all() as Row[]).map(toFit);
  return keys.flatMap((k) => all.find((f) => f.key === k) ?? []);
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
