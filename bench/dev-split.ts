/**
 * The development split for tuning the zero-shot offline judge (issue 14 item 3): a fixed, seeded half of each
 * USS corpus's dialogues (seeded Fisher–Yates over the ids in import order, mulberry32 seed DEV_SPLIT_SEED; the
 * first ⌈n/2⌉ are dev). Everything else — the other half of each USS corpus and every non-USS corpus — is held
 * out: formulas are chosen on dev only and the held-out parts are looked at after.
 */
import { mulberry32 } from '../src/calibrate/stats/rng.js';

export const DEV_SPLIT_SEED = 20261202;

/** The dev ids among `ids` (one corpus, import order). */
export function devHalf(ids: readonly string[]): Set<string> {
  const order = [...ids];
  const random = mulberry32(DEV_SPLIT_SEED);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Set(order.slice(0, Math.ceil(order.length / 2)));
}
