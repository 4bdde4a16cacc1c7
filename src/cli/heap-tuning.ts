import { setFlagsFromString } from 'node:v8';

/**
 * V8's old generation may grow to about 4 × the live heap before a full collection. Scoring allocates fast and
 * keeps little (the live heap stays near 25 MB), so with that default a 1,000,000-transcript run peaks above
 * 200 MB RSS for garbage alone. A 30 % growing factor keeps peak RSS near 155–160 MB (`npm run bench`). Its
 * price, measured on 100,000 transcripts with the offline judge: ~9 % more CPU time, mostly on V8's background
 * GC threads, and ~2 % more wall time (see the README's Performance section). It is a heuristic, not a limit:
 * the heap still grows as far as the live data needs, so no run can fail because of it.
 *
 * Skipped when the user set the flag themselves (`NODE_OPTIONS` or `node --heap-growing-percent=…`).
 */
export const HEAP_GROWING_PERCENT = 30;

export function tuneHeap(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): boolean {
  const mentioned = (s: string) => /heap[-_]growing[-_]percent/.test(s);
  if (execArgv.some(mentioned) || mentioned(nodeOptions)) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
