/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing step function of x closest (least squares)
 * to y. Returns one point per distinct x, ascending.
 * Source: Barlow, Bartholomew, Bremner & Brunk (1972) "Statistical Inference under Order Restrictions".
 */
export function fitIsotonic(x: readonly number[], y: readonly number[]): { x: number; y: number }[] {
  const byX = new Map<number, { sum: number; n: number }>();
  x.forEach((v, i) => {
    const g = byX.get(v) ?? { sum: 0, n: 0 };
    g.sum += y[i]!;
    g.n += 1;
    byX.set(v, g);
  });
  const blocks = [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([v, g]) => ({ xs: [v], sum: g.sum, n: g.n }));
  const stack: typeof blocks = [];
  for (const block of blocks) {
    stack.push(block);
    while (stack.length > 1 && stack[stack.length - 2]!.sum / stack[stack.length - 2]!.n > stack[stack.length - 1]!.sum / stack[stack.length - 1]!.n) {
      const top = stack.pop()!;
      const below = stack.pop()!;
      stack.push({ xs: [...below.xs, ...top.xs], sum: below.sum + top.sum, n: below.n + top.n });
    }
  }
  return stack.flatMap((b) => b.xs.map((v) => ({ x: v, y: b.sum / b.n })));
}

/** The fitted value at x: linear between fitted points, constant beyond the ends. */
export function isotonicAt(points: readonly { x: number; y: number }[], x: number): number {
  if (points.length === 0) return Number.NaN;
  if (x <= points[0]!.x) return points[0]!.y;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (x <= b.x) return a.y + ((x - a.x) / (b.x - a.x)) * (b.y - a.y);
  }
  return points[points.length - 1]!.y;
}
