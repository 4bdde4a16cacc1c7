import { z } from 'zod';

const rate = z.number().min(0, 'a rate is a share between 0 and 1').max(1, 'a rate is a share between 0 and 1 (0.02 = 2%)');

/**
 * `alerts:` in `cxqa.config.yaml`: thresholds checked at the end of every `cxqa score` run. Each breach is
 * printed as one JSON line on stdout and the command exits 1. Rates are shares (0.02 = 2%).
 */
export const alertsSchema = z.strictObject({
  /** Share of scored transcripts with at least one failed rule criterion. */
  violation_rate_max: rate.optional(),
  /** Lowest acceptable mean QA score (0–100). */
  qa_score_mean_min: z.number().min(0).max(100).optional(),
  /** Share of scored transcripts that were auto-failed by a critical criterion. */
  auto_fail_rate_max: rate.optional(),
  /** Share of criterion verdicts that could not be judged (error). */
  judge_error_rate_max: rate.optional(),
  /** Share of transcripts read with text addressed to the judge (injection suspects). */
  injection_rate_max: rate.optional(),
  /** Population stability index of a criterion's verdicts against the previous score run (0.2: a significant shift). */
  drift_psi_max: z.number().positive('a PSI threshold is a number > 0, e.g. 0.2').optional(),
});
export type AlertThresholds = z.infer<typeof alertsSchema>;
