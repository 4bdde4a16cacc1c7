import type { CriterionAgreement } from './criterion-agreement.js';

/** One line per failed gate of a calibration report (`CalibrationReport`), e.g. `tone weighted_kappa lower 95% bound 0.31 < 0.4`. */
export function failedGates(report: { criteria: Record<string, CriterionAgreement> }): string[] {
  const out: string[] = [];
  for (const [id, c] of Object.entries(report.criteria)) {
    if (c.gate && !c.gate.passed) out.push(`${id} ${c.gate.statistic} lower 95% bound ${c.gate.low ?? 'n/a'} < ${c.gate.min_kappa}`);
    const h = c.human_ratio_gate;
    if (h && !h.passed) {
      out.push(
        c.human_baseline === null
          ? `${id} min_human_ratio ${h.min_human_ratio}: no item has 3 or more raters, so there is no held-out-human baseline to compare with`
          : `${id} judge/held-out-human α ratio lower 95% bound ${h.low ?? 'n/a'} < ${h.min_human_ratio}`,
      );
    }
  }
  return out;
}
