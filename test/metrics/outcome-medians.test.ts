import { describe, expect, it } from 'vitest';
import { OutcomeAccumulator, type Outcome } from '../../src/metrics/outcome-group.js';

function sortedMedian(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

describe('OutcomeAccumulator medians', () => {
  it('equal the medians of the sorted values, odd and even counts, with repeats and missing minutes', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [1, 2, 3, 10, 11, 500, 501]) {
      const acc = new OutcomeAccumulator();
      const turns: number[] = [];
      const minutes: number[] = [];
      const resolvedTurns: number[] = [];
      const resolvedMinutes: number[] = [];
      for (let i = 0; i < n; i++) {
        const outcome: Outcome = random() < 0.5 ? 'resolved' : 'escalated';
        const t = Math.floor(random() * 9);
        const m = random() < 0.2 ? null : random() * 40;
        acc.add({ outcome, repeatContact: false, customerTurns: t, minutes: m, surveyCsat: null, autoCsat: null, qaScore: null, autoFail: false });
        turns.push(t);
        if (m !== null) minutes.push(m);
        if (outcome === 'resolved') {
          resolvedTurns.push(t);
          if (m !== null) resolvedMinutes.push(m);
        }
      }
      expect(acc.summary(), `n = ${n}`).toMatchObject({
        median_customer_turns: sortedMedian(turns),
        median_minutes: round2(sortedMedian(minutes)),
        median_turns_to_resolution: sortedMedian(resolvedTurns),
        median_minutes_to_resolution: round2(sortedMedian(resolvedMinutes)),
      });
    }
    expect(new OutcomeAccumulator().summary()).toMatchObject({ median_customer_turns: null, median_minutes: null });
  });
});
