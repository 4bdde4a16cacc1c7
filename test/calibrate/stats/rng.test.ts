import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/calibrate/stats/rng.js';

function draw(seed: number, n: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => random());
}

describe('mulberry32', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    expect(draw(42, 20)).toEqual(draw(42, 20));
    expect(draw(42, 20)).not.toEqual(draw(43, 20));
    // the seed is taken modulo 2^32
    expect(draw(2 ** 32 + 5, 5)).toEqual(draw(5, 5));
  });

  it('yields values in [0, 1) that look uniform', () => {
    const values = draw(1, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const deciles = new Array<number>(10).fill(0);
    for (const v of values) deciles[Math.floor(v * 10)]! += 1;
    for (const count of deciles) expect(Math.abs(count - 2000)).toBeLessThan(200);
    expect(new Set(values).size).toBeGreaterThan(19_900);
  });
});
