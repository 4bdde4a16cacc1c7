/**
 * Latency-bound efficiency: the real pipeline (engine-run.ts) at concurrency 64 against a loopback server
 * that answers each request after 200 ms. The best possible rate is 64 / 0.2 s = 320 transcripts/s;
 * efficiency = achieved rate ÷ 320 (start-up, DB writes and the tail all count against it). The same requests
 * sent by a bare `openai` SDK loop at the same concurrency give the reference: how close the SDK alone gets
 * on this machine, so the engine's own share of any shortfall shows. The steady-state rows leave out the
 * first wave (connection set-up and JIT warm-up, paid once per run) and measure from the moment the first
 * `concurrency` transcripts are done to the end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitCriteria } from '../src/run/evaluate-transcript.js';
import { loadRubricFile } from '../src/rubric/load.js';
import { log, startFakeServer, structuredAnswer, tempDir, type Measurement } from './bench-common.js';
import { bareLoop, requestBodies } from './engine-overhead.js';
import { runEngine } from './engine-run.js';
import type { Transcript } from '../src/transcript/schema.js';
import { writeTranscripts } from './generate-transcripts.js';

const CONCURRENCY = 64;
const LATENCY_MS = 200;
const WAVES = 25;

/** Times the first wave: seconds from the start until `CONCURRENCY` items are done. */
function firstWave(): { onDone: (done: number) => void; seconds: () => number } {
  const t0 = performance.now();
  let at = Number.NaN;
  return {
    onDone: (done) => {
      if (done === CONCURRENCY) at = (performance.now() - t0) / 1000;
    },
    seconds: () => at,
  };
}

export async function latencyBound(): Promise<Measurement[]> {
  const rubric = loadRubricFile('rubrics/support-qa.yaml');
  const { judged } = splitCriteria(rubric.rubric);
  const tmp = tempDir('latency');
  const server = await startFakeServer(structuredAnswer(judged), LATENCY_MS);
  try {
    const n = CONCURRENCY * WAVES;
    const input = join(tmp.dir, 'transcripts.jsonl');
    await writeTranscripts(input, n, 10);
    const bodies = requestBodies(readFileSync(input, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Transcript), rubric);
    const bareWave = firstWave();
    const bareSeconds = await bareLoop(server.baseURL, bodies, CONCURRENCY, bareWave.onDone);
    const bareSteady = (n - CONCURRENCY) / (bareSeconds - bareWave.seconds());
    const bareRate = n / bareSeconds;
    log(`latency-bound, bare SDK loop: ${n} requests in ${bareSeconds.toFixed(2)} s = ${bareRate.toFixed(1)}/s`);
    const engineWave = firstWave();
    const run = await runEngine({ input, dir: tmp.dir, dbName: 'latency.db', rubric, baseURL: server.baseURL, concurrency: CONCURRENCY, onDone: engineWave.onDone });
    const engineSteady = (n - CONCURRENCY) / (run.seconds - engineWave.seconds());
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);
    const rate = n / run.seconds;
    log(`latency-bound: ${n} transcripts in ${run.seconds.toFixed(2)} s = ${rate.toFixed(1)}/s (ideal ${ideal})`);
    return [
      {
        id: 'latency_efficiency',
        name: `latency-bound efficiency (${LATENCY_MS} ms server, concurrency ${CONCURRENCY})`,
        value: rate / ideal,
        unit: `× ${ideal}/s`,
        target: { op: '>=', value: 0.97 },
        details: { transcripts: n, seconds: run.seconds, rate, ideal_rate: ideal, latency_ms: LATENCY_MS, concurrency: CONCURRENCY, bare_rate: bareRate },
      },
      {
        id: 'latency_efficiency_bare',
        name: 'same, bare openai SDK loop (reference)',
        value: bareRate / ideal,
        unit: `× ${ideal}/s`,
        target: null,
      },
      {
        id: 'latency_efficiency_steady',
        name: 'latency-bound efficiency, steady state (after the first wave)',
        value: engineSteady / ideal,
        unit: `× ${ideal}/s`,
        target: null,
      },
      { id: 'latency_efficiency_steady_bare', name: 'same, bare openai SDK loop (reference)', value: bareSteady / ideal, unit: `× ${ideal}/s`, target: null },
    ];
  } finally {
    await server.close();
    tmp.remove();
  }
}
