import { mulberry32 } from '../calibrate/stats/index.js';

/** The fold (0 … k−1) of each of n examples: shuffled with a seeded generator (mulberry32), position p in fold p mod k. */
export function foldsOf(n: number, k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const foldOf = new Array<number>(n);
  order.forEach((idx, p) => (foldOf[idx] = p % k));
  return foldOf;
}
