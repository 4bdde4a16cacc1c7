/**
 * A small seeded pseudo-random generator (mulberry32): returns a function yielding floats in [0, 1),
 * the same sequence for the same seed on every platform. The seed is taken modulo 2³² (`seed >>> 0`).
 * Not cryptographic; meant for reproducible resampling.
 * Source: Tommy Ettinger's Mulberry32 (2017), public domain,
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
