/**
 * Runs `cxqa score` in-process through the real pipeline, built the way score-command.ts builds it:
 * flags → `judgeStackOptions` / `selectCommandJudges` → `openDatabase` → `stackJudges` → `scoreRun`, with an
 * `openai:gpt-4.1-mini` judge pointed at a loopback server and the judge cache off (`--no-cache`).
 */
import { join } from 'node:path';
import { stackJudges } from '../src/judge/build-judge-stack.js';
import { judgeStackOptions, selectCommandJudges, type JudgeCommandFlags } from '../src/cli/judge-flags.js';
import type { LoadedRubric } from '../src/rubric/load.js';
import { scoreRun, type RunProgress, type ScoreRunResult } from '../src/run/score-run.js';
import { openDatabase } from '../src/store/open-database.js';
import { JudgeCacheRepository } from '../src/store/judge-cache-repository.js';

export const BENCH_MODEL = 'gpt-4.1-mini';

export interface EngineRun {
  seconds: number;
  result: ScoreRunResult;
}

export async function runEngine(opts: {
  input: string;
  dir: string;
  dbName: string;
  rubric: LoadedRubric;
  baseURL: string;
  concurrency: number;
  /** Called with the number of transcripts done so far (scored or failed), after each one. */
  onDone?: (done: number) => void;
}): Promise<EngineRun> {
  const flags: JudgeCommandFlags = { judge: `openai:${BENCH_MODEL}`, cache: false, baseUrl: opts.baseURL, maxRetries: 0 };
  const t0 = performance.now();
  const { stack } = judgeStackOptions(flags);
  const members = selectCommandJudges(flags, opts.rubric);
  const db = openDatabase(join(opts.dir, opts.dbName));
  const judge = stackJudges(members, { ...stack, cacheStore: new JudgeCacheRepository(db) });
  try {
    const onDone = opts.onDone;
    const result = await scoreRun({
      db,
      input: opts.input,
      rubric: opts.rubric,
      judge,
      concurrency: opts.concurrency,
      options: { cache: false },
      ...(onDone ? { onProgress: (p: RunProgress) => onDone(p.scored + p.failed) } : {}),
    });
    const seconds = (performance.now() - t0) / 1000;
    if (result.failed > 0 || result.scored !== result.read) throw new Error(`engine run scored ${result.scored} of ${result.read} (failed ${result.failed})`);
    return { seconds, result };
  } finally {
    await judge.close?.();
    db.close();
  }
}
