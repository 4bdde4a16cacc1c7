import type { Judge } from '../judge/judge.js';
import { findFit, type StoredFit } from '../store/fit-repository.js';
import type { Db } from '../store/open-database.js';
import { FittedJudge } from './fitted-judge.js';

/**
 * A fit as a provider batch records it (in `judge_settings_json.fits`): its id when submitted, and what finds it
 * again after `cxqa merge` renumbered it (rubric, criterion, unfitted judge fingerprint, creation time).
 */
interface StoredFitRef {
  id: number;
  rubric_id: string;
  criterion_id: string;
  judge_fingerprint: string;
  created_at: string;
}

/**
 * The judge settings stored with a provider batch, plus the fits in force on `judge` (in the order that names
 * the fitted judge), so `batch collect` applies the same fits as the submission chose, also when a newer fit was
 * stored in between. Unchanged when no fit is in force.
 */
export function withFitRefs<T extends object>(settings: T, judge: Judge): T & { fits?: StoredFitRef[] } {
  if (!(judge instanceof FittedJudge)) return settings;
  const fits = judge.fits.map((f) => ({ id: f.id, rubric_id: f.rubric_id, criterion_id: f.criterion_id, judge_fingerprint: f.judge_fingerprint, created_at: f.created_at }));
  return { ...settings, fits };
}

/** Stored judge settings without the fits: what the model judge is rebuilt from. */
export function withoutFitRefs(stored: unknown): unknown {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored) || !('fits' in stored)) return stored;
  const { fits: _fits, ...settings } = stored as Record<string, unknown>;
  return settings;
}

/**
 * Wraps `judge` with the fits a batch's settings record, in their order (so name and fingerprint are those the
 * submission chose), or returns it unchanged when there are none. Returns the
 * submitted fits not found instead (criterion and creation time), rather than apply some other fit.
 */
export function withBatchFits(judge: Judge, db: Db, settingsJson: string): Judge | { missing: string[] } {
  const refs = (JSON.parse(settingsJson) as { fits?: StoredFitRef[] }).fits ?? [];
  if (refs.length === 0) return judge;
  const fits: StoredFit[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const fit = findFit(db, { rubricId: ref.rubric_id, criterionId: ref.criterion_id, judgeFingerprint: ref.judge_fingerprint, createdAt: ref.created_at });
    if (fit) fits.push(fit);
    else missing.push(`${ref.criterion_id} (made ${ref.created_at})`);
  }
  return missing.length > 0 ? { missing } : new FittedJudge(judge, fits);
}
