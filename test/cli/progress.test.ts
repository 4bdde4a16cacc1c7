import { writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { countLines } from '../../src/report/progress/count-lines.js';
import { createProgressReporter, formatLine } from '../../src/report/progress/progress-reporter.js';
import { progressSnapshot } from '../../src/report/progress/progress-snapshot.js';
import type { RunProgress } from '../../src/run/score-run.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

const p = (over: Partial<RunProgress>): RunProgress => ({ read: 0, scored: 0, reused: 0, failed: 0, invalid: 0, skipped: 0, unselected: 0, costUsd: 0, ...over });

function sink() {
  const chunks: string[] = [];
  return { stream: { write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WritableStream, chunks };
}

describe('progress display', () => {
  const tmp = useTempDir();

  it('derives done, failures, rate, ETA and spend from the run counters', () => {
    const s = progressSnapshot(p({ scored: 70, reused: 20, failed: 3, invalid: 2, skipped: 5, costUsd: 0.123456 }), 10_000, 400, true);
    expect(s).toEqual({ done: 100, failed: 5, rate: 10, elapsed_s: 10, total: 400, eta_s: 30, cost_usd: 0.1235 });
    expect(progressSnapshot(p({ scored: 1 }), 1000, undefined, false)).toEqual({ done: 1, failed: 0, rate: 1, elapsed_s: 1 });
    expect(formatLine(s, 0.25, 8)).toBe('[██░░░░░░] 25% 100/400 · 10/s · ETA 30s · elapsed 10s · $0.1235 · 5 failed');
    expect(formatLine({ done: 7, failed: 0, rate: 2.5, elapsed_s: 3 }, 0, 8)).toBe('7 done · 2.5/s · elapsed 3s · 0 failed');
  });

  it('off a terminal writes one JSON line per interval; --quiet writes nothing', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const out = sink();
      const reporter = createProgressReporter({ stream: out.stream, tty: false, intervalMs: 1000, now: () => now });
      reporter.update(p({ scored: 40, failed: 1 }));
      now = 2000;
      vi.advanceTimersByTime(1000);
      reporter.stop();
      vi.advanceTimersByTime(5000);
      expect(out.chunks).toEqual(['{"progress":{"done":41,"failed":1,"rate":20.5,"elapsed_s":2}}\n']);

      const quiet = sink();
      const silent = createProgressReporter({ stream: quiet.stream, tty: false, quiet: true, intervalMs: 10 });
      silent.update(p({ scored: 1 }));
      vi.advanceTimersByTime(1000);
      silent.stop();
      expect(quiet.chunks).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts the lines of a file in one streaming pass', async () => {
    const file = pathIn(tmp(), 'in.jsonl');
    writeFileSync(file, 'a\nb\n\nc');
    expect(await countLines(file)).toBe(4);
    writeFileSync(file, `${'x'.repeat(70_000)}\n`.repeat(3));
    expect(await countLines(file)).toBe(3);
  });
});
