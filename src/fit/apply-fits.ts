import type { Judge } from '../judge/judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import { latestFits } from '../store/fit-repository.js';
import type { Db } from '../store/open-database.js';
import { FittedJudge } from './fitted-judge.js';
import { FEATURE_SET_VERSION } from './offline-features.js';

/** `--fit latest` (default): the latest fit per criterion for this rubric and judge; `--fit none`: the judge as is. */
export type FitMode = 'latest' | 'none';
export const FIT_MODES: readonly FitMode[] = ['latest', 'none'];

/**
 * Wraps the judge with the latest fits stored in the database for the rubric id and the judge's fingerprint
 * (one per criterion of the rubric), or returns it unchanged when there are none or `mode` is `none`.
 * A stored offline model of another feature-set version is skipped, with a warning.
 */
export function applyFits(judge: Judge, db: Db, rubric: LoadedRubric, mode: FitMode, warn: (message: string) => void = () => {}): Judge {
  if (mode === 'none') return judge;
  const ids = new Set(rubric.rubric.criteria.filter((c) => c.kind !== 'rule').map((c) => c.id));
  const fits = latestFits(db, rubric.rubric.id, judge.fingerprint).filter((f) => {
    if (!ids.has(f.criterion_id)) return false;
    if ('feature_set' in f.model && f.model.feature_set !== FEATURE_SET_VERSION) {
      warn(`fit ${f.key} (${f.criterion_id}) was made with offline feature set ${f.model.feature_set}, this cxqa has ${FEATURE_SET_VERSION}: not used; run cxqa fit again`);
      return false;
    }
    return true;
  });
  return fits.length ? new FittedJudge(judge, fits) : judge;
}
