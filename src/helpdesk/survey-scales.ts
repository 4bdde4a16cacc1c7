/**
 * Vendor satisfaction answers on cxqa's `survey.csat` 1–5 scale. Every mapping here is stated in the README
 * ("Satisfaction scales"); the vendor's own value is always kept in `metadata.satisfaction`.
 */

/** Zendesk legacy CSAT and other two-point scales: good → 5, bad → 1; offered/unoffered → no answer. */
export function goodBadToCsat(score: unknown): number | undefined {
  if (typeof score !== 'string') return undefined;
  const s = score.toLowerCase();
  if (s === 'good' || s === 'thumbs up' || s === 'positive') return 5;
  if (s === 'bad' || s === 'thumbs down' || s === 'negative') return 1;
  return undefined;
}

/** A rating on a 1..points scale, spread linearly onto 1–5 and rounded: 2-point → 1, 5; 3-point → 1, 3, 5. */
export function pointScaleToCsat(rating: number, points: number): number | undefined {
  if (!Number.isInteger(rating) || !Number.isInteger(points) || points < 2 || rating < 1 || rating > points) return undefined;
  return Math.round(1 + ((rating - 1) * 4) / (points - 1));
}

/**
 * Freshdesk's satisfaction scale: 103 extremely happy, 102 very happy, 101 happy, 100 neutral, -101 unhappy,
 * -102 very unhappy, -103 extremely unhappy (3-point surveys use 103, 100, -103; 5-point ones drop ±101).
 * Spread linearly over the seven points: 103 → 5, 102 → 4, 101 → 4, 100 → 3, -101 → 2, -102 → 2, -103 → 1.
 */
export function freshdeskRatingToCsat(rating: unknown): number | undefined {
  const order = [-103, -102, -101, 100, 101, 102, 103];
  const position = order.indexOf(Number(rating));
  return position === -1 ? undefined : pointScaleToCsat(position + 1, 7);
}

/** Help Scout / faces scales: great → 5, okay → 3, not good → 1. */
export function facesToCsat(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  if (v === 'great' || v === 'happy') return 5;
  if (v === 'okay' || v === 'ok' || v === 'neutral') return 3;
  if (v === 'not good' || v === 'bad' || v === 'sad') return 1;
  return undefined;
}

/** A 1–5 rating as is (Intercom, Gorgias); anything else → no answer. */
export function fivePointCsat(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5 ? value : undefined;
}
