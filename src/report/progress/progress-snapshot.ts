import type { RunProgress } from '../../run/score-run.js';

/** What the progress displays show: the same numbers on a terminal bar and in JSON lines. */
export interface ProgressSnapshot {
  /** Input lines dealt with: scored, reused, failed, invalid, skipped or left out of the sample/shard. */
  done: number;
  /** Transcripts that could not be scored, plus invalid lines. */
  failed: number;
  /** Lines per second since the start. */
  rate: number;
  elapsed_s: number;
  /** Lines in the input file, once counted (files on a terminal only). */
  total?: number;
  /** Seconds left at the current rate, when the total is known. */
  eta_s?: number;
  /** USD spent on judge calls so far (paid judges only). */
  cost_usd?: number;
}

/** Derives the displayed numbers from a run's counters. */
export function progressSnapshot(p: RunProgress, elapsedMs: number, total: number | undefined, withCost: boolean): ProgressSnapshot {
  const done = p.scored + p.reused + p.failed + p.invalid + p.skipped + p.unselected;
  const elapsed_s = Math.round(elapsedMs / 100) / 10;
  const rate = elapsedMs > 0 ? Math.round((done / elapsedMs) * 1000 * 10) / 10 : 0;
  const snapshot: ProgressSnapshot = { done, failed: p.failed + p.invalid, rate, elapsed_s };
  if (total !== undefined) {
    snapshot.total = Math.max(total, done);
    if (rate > 0) snapshot.eta_s = Math.round((snapshot.total - done) / rate);
  }
  if (withCost) snapshot.cost_usd = Math.round(p.costUsd * 1e4) / 1e4;
  return snapshot;
}
