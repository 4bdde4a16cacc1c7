/**
 * Offline judge throughput on one core (this process is single-threaded): transcripts/s of the offline judge
 * alone over 10-message transcripts held in memory, and end-to-end `scoreRun` (JSONL file → rules → offline
 * judge → findings → file-backed SQLite database) with the judge stack built like the CLI builds it.
 */
import { join } from 'node:path';
import { stackJudges } from '../src/judge/build-judge-stack.js';
import { judgeStackOptions, selectCommandJudges, type JudgeCommandFlags } from '../src/cli/judge-flags.js';
import { OfflineJudge } from '../src/judge/offline/offline-judge.js';
import { splitCriteria } from '../src/run/evaluate-transcript.js';
import { scoreRun } from '../src/run/score-run.js';
import { loadRubricFile } from '../src/rubric/load.js';
import { openDatabase } from '../src/store/open-database.js';
import { log, QUICK, tempDir, type Measurement } from './bench-common.js';
import { generateTranscript, writeTranscripts } from './generate-transcripts.js';
import { JudgeCacheRepository } from '../src/store/judge-cache-repository.js';

const JUDGE_N = QUICK ? 10_000 : 30_000;
const E2E_N = QUICK ? 10_000 : 20_000;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

export async function offlineThroughput(): Promise<Measurement[]> {
  const rubric = loadRubricFile('rubrics/support-qa.yaml');
  const { judged } = splitCriteria(rubric.rubric);
  const judge = new OfflineJudge();

  const transcripts = Array.from({ length: JUDGE_N }, (_, i) => generateTranscript(i, 10));
  for (let i = 0; i < 2000; i++) judge.judgeTranscript(transcripts[i]!, judged); // warm-up
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let verdicts = 0;
  for (const t of transcripts) verdicts += judge.judgeTranscript(t, judged).length;
  const judgeCpu = cpuSeconds(c0);
  const judgeSeconds = (performance.now() - t0) / 1000;
  const judgeRate = JUDGE_N / judgeSeconds;
  log(`offline judge only: ${judgeRate.toFixed(0)} transcripts/s wall, ${(JUDGE_N / judgeCpu).toFixed(0)} per CPU-second (${verdicts} verdicts)`);

  const tmp = tempDir('offline');
  try {
    const input = join(tmp.dir, 'transcripts.jsonl');
    await writeTranscripts(input, E2E_N, 10);
    const flags: JudgeCommandFlags = { judge: 'offline', cache: true };
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const { stack } = judgeStackOptions(flags);
    const db = openDatabase(join(tmp.dir, 'offline.db'));
    const stackJudge = stackJudges(selectCommandJudges(flags, rubric), { ...stack, cacheStore: new JudgeCacheRepository(db) });
    const result = await scoreRun({ db, input, rubric, judge: stackJudge, options: { cache: true } });
    db.close();
    const e2eSeconds = (performance.now() - t1) / 1000;
    const e2eCpu = cpuSeconds(c1);
    if (result.scored !== E2E_N) throw new Error(`offline e2e scored ${result.scored} of ${E2E_N}`);
    const e2eRate = E2E_N / e2eSeconds;
    log(`offline end-to-end: ${e2eRate.toFixed(0)} transcripts/s wall, ${(E2E_N / e2eCpu).toFixed(0)} per CPU-second`);
    return [
      {
        id: 'offline_judge_rate',
        name: 'offline judge only, 10-msg transcripts, per CPU-second (1 core)',
        value: JUDGE_N / judgeCpu,
        unit: 'transcripts/s',
        target: { op: '>=', value: 5000 },
        details: { transcripts: JUDGE_N, seconds: judgeSeconds, cpu_seconds: judgeCpu, wall_rate: judgeRate, criteria: judged.length },
      },
      { id: 'offline_judge_rate_wall', name: 'offline judge only, wall clock', value: judgeRate, unit: 'transcripts/s', target: null },
      {
        id: 'offline_e2e_rate',
        name: 'scoreRun end-to-end, offline judge, file DB, per CPU-second',
        value: E2E_N / e2eCpu,
        unit: 'transcripts/s',
        target: null,
        details: { transcripts: E2E_N, seconds: e2eSeconds, cpu_seconds: e2eCpu, wall_rate: e2eRate, concurrency: 8 },
      },
      { id: 'offline_e2e_rate_wall', name: 'scoreRun end-to-end, offline judge, wall clock', value: e2eRate, unit: 'transcripts/s', target: null },
    ];
  } finally {
    tmp.remove();
  }
}
