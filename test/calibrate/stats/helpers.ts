import { expect } from 'vitest';
import { CxqaError } from '../../../src/error/cxqa-error.js';
import { StatsError } from '../../../src/calibrate/stats/stats-error.js';
import type { Label } from '../../../src/calibrate/stats/label.js';

/** Runs `run` and checks it throws a StatsError with exactly this code and message. */
export function expectStatsError(run: () => unknown, code: string, message: string): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a StatsError to be thrown').toBeInstanceOf(StatsError);
  expect(caught).toBeInstanceOf(CxqaError);
  expect((caught as StatsError).code).toBe(code);
  expect((caught as StatsError).message).toBe(message);
}

/**
 * Expands a contingency table (rows = rater a, columns = rater b) into two parallel rating arrays,
 * row-major, so tables printed in papers can be fed to the pairwise functions.
 */
export function expandTable(table: readonly (readonly number[])[], labels: readonly Label[]): { a: Label[]; b: Label[] } {
  const a: Label[] = [];
  const b: Label[] = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) {
        a.push(labels[i]!);
        b.push(labels[j]!);
      }
    }),
  );
  return { a, b };
}
