import type { LabelValue } from './eval-set/schema.js';

/** What the judge said about one criterion of one eval transcript. */
export interface JudgeAnswer {
  value: number | string | null;
  na: boolean;
  error: { code: string } | null;
  /** The judge declined (OFFLINE_UNSUPPORTED, OFFLINE_LANGUAGE): left out of agreement like any judge N/A it cannot be compared on. */
  na_code?: string;
}

/** One eval transcript's human labels and judge answer for one criterion. */
export interface CalibrationItem {
  id: string;
  /** Each rater's label (N/A as `null` or `"na"`). */
  raters: { rater: string; value: LabelValue }[];
  /** Missing when the judge produced no verdict for the transcript (it could not be scored). */
  judge: JudgeAnswer | undefined;
}

/** The label N/A takes in agreement statistics of criteria that allow N/A. */
export const NA_LABEL = 'na';

/** A rater's value with every spelling of N/A (`null`, "na", "n/a", "N/A") turned into {@link NA_LABEL}. */
export function normaliseHumanLabel(value: LabelValue): number | string {
  if (value === null) return NA_LABEL;
  if (typeof value === 'string' && /^(na|n\/a)$/i.test(value.trim())) return NA_LABEL;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return value;
}
