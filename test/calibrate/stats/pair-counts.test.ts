import { describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha, mulberry32, spearman } from '../../../src/calibrate/stats/index.js';
import {
  emptyPairCounts,
  intervalAlphaFromCounts,
  kappaFromCounts,
  nominalAlphaFromCounts,
  spearmanFromCounts,
} from '../../../src/calibrate/stats/pair-counts.js';

describe('statistics from paired counts', () => {
  it('equal the general implementations on random paired data (interval α, nominal α, Spearman, κ, QWK)', () => {
    const random = mulberry32(3);
    const refs = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];
    const levels = [1, 2, 3, 4, 5];
    for (let round = 0; round < 5; round++) {
      const a: number[] = [];
      const b: number[] = [];
      const t = emptyPairCounts(refs, levels);
      for (let i = 0; i < 60; i++) {
        const x = refs[Math.floor(random() * refs.length)]!;
        const y = levels[Math.min(4, Math.max(0, Math.round(x) - 1 + Math.floor(random() * 3) - 1))]!;
        a.push(x);
        b.push(y);
        t.counts[refs.indexOf(x)]![levels.indexOf(y)]! += 1;
      }
      expect(intervalAlphaFromCounts(t)).toBeCloseTo(krippendorffAlpha([a, b], { level: 'interval' }), 10);
      expect(spearmanFromCounts(t)).toBeCloseTo(spearman(a, b), 10);
      const la = a.map((x) => Math.floor(x + 0.5));
      const lt = emptyPairCounts(levels, levels);
      la.forEach((x, i) => (lt.counts[x - 1]![b[i]! - 1]! += 1));
      expect(kappaFromCounts(lt)).toBeCloseTo(cohenKappa(la, b, { labels: levels }), 10);
      expect(kappaFromCounts(lt, 'quadratic')).toBeCloseTo(cohenKappa(la, b, { labels: levels, weights: 'quadratic' }), 10);
      const sa = la.map(String);
      const sb = b.map(String);
      const st = emptyPairCounts(levels.map(String), levels.map(String));
      sa.forEach((x, i) => (st.counts[Number(x) - 1]![Number(sb[i]) - 1]! += 1));
      expect(nominalAlphaFromCounts(st)).toBeCloseTo(krippendorffAlpha([sa, sb], { level: 'nominal' }), 10);
    }
  });

  it('are NaN when undefined: no pairs, or a single value everywhere', () => {
    const t = emptyPairCounts([3], [3]);
    expect(intervalAlphaFromCounts(t)).toBeNaN();
    t.counts[0]![0] = 4;
    expect(intervalAlphaFromCounts(t)).toBeNaN();
    expect(spearmanFromCounts(t)).toBeNaN();
    expect(kappaFromCounts(t)).toBeNaN();
    expect(nominalAlphaFromCounts(emptyPairCounts(['a'], ['a']))).toBeNaN();
  });
});
