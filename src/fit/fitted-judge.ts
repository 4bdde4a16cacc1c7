import type { Judge, JudgeRequest, JudgeResponse } from '../judge/judge.js';
import type { StoredFit } from '../store/fit-repository.js';
import { predictFit } from './fit-model.js';
import { offlineFeatures } from './offline-features.js';

/**
 * `offline:v1+fit-3f9a0c12d4e5+fit-77b1e0a9c3d2`: the unfitted judge's name with the keys of the fits in force
 * (a key is a hash of the fit, so it names the same fit in every database `merge` copies it into).
 */
export function fittedJudgeName(base: string, fits: readonly StoredFit[]): string {
  return `${base}${fits.map((f) => `+fit-${f.key}`).join('')}`;
}

/**
 * The fits a judge name carries: keys (`+fit-<key>`), and the row ids of names written before cxqa named fits by
 * key (`+fitN`), which are only good in the database the fit was made in (`merge` renumbers fits).
 */
export function fitsNamedIn(name: string): { keys: string[]; legacyIds: number[] } {
  return {
    keys: [...name.matchAll(/\+fit-([0-9a-f]{12})(?![0-9a-f])/g)].map((m) => m[1]!),
    legacyIds: [...name.matchAll(/\+fit(\d+)/g)].map((m) => Number(m[1])),
  };
}

/**
 * A judge whose answers on some criteria go through a fitted model (`cxqa fit`). Its name and fingerprint carry
 * the fit versions, so results with a fit are stored apart from the unfitted judge's (a new fit is new work; old
 * results stay). Error and N/A verdicts pass through unchanged; so do criteria without a fit.
 */
export class FittedJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  readonly promptTemplateHash?: string;
  private readonly byCriterion: Map<string, StoredFit>;

  constructor(
    private readonly inner: Judge,
    readonly fits: readonly StoredFit[],
  ) {
    this.name = fittedJudgeName(inner.name, fits);
    this.fingerprint = fittedJudgeName(inner.fingerprint, fits);
    if (inner.promptTemplateHash !== undefined) this.promptTemplateHash = inner.promptTemplateHash;
    this.byCriterion = new Map(fits.map((f) => [f.criterion_id, f]));
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const res = await this.inner.judge(request);
    let features: number[] | undefined;
    const verdicts = res.verdicts.map((v) => {
      const fit = this.byCriterion.get(v.criterion);
      if (!fit || v.error || v.na || v.value === null) return v;
      if (fit.model.kind === 'offline-linear' || fit.model.kind === 'offline-logistic') features ??= offlineFeatures(request.transcript);
      const value = predictFit(fit.model, { value: v.value, ...(features ? { features } : {}) });
      return {
        ...v,
        value,
        judge: this.name,
        rationale: `${v.rationale} · fitted by fit ${fit.key} (${fit.kind}, ${fit.labels} labels, ${fit.created_at.slice(0, 10)}): ${v.value} → ${value}`,
      };
    });
    return { ...res, verdicts };
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
