/**
 * Engine overhead: N transcripts through the real `cxqa score` pipeline (see engine-run.ts) against a
 * loopback OpenAI-compatible server that answers at once, versus a bare loop of the `openai` SDK sending the
 * same request bodies (prebuilt before the clock starts) at the same concurrency to the same server.
 * Ratio = engine transcripts/s ÷ bare requests/s. Rounds alternate the two variants; the median counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { DEFAULT_REDACT_TYPES } from '../src/judge/llm/create-llm-judge.js';
import { buildJudgePrompt } from '../src/judge/llm/build-messages.js';
import { loadPromptTemplates } from '../src/judge/llm/prompt-templates.js';
import { verdictSchemaFor, VERDICTS_TOOL_NAME } from '../src/judge/llm/verdict-schema.js';
import { redactTranscript } from '../src/governance/redact.js';
import { splitCriteria } from '../src/run/evaluate-transcript.js';
import { loadRubricFile } from '../src/rubric/load.js';
import type { Transcript } from '../src/transcript/schema.js';
import { log, median, QUICK, startFakeServer, structuredAnswer, tempDir, type Measurement } from './bench-common.js';
import { BENCH_MODEL, runEngine } from './engine-run.js';
import { writeTranscripts } from './generate-transcripts.js';

const N = Number(process.env['CXQA_BENCH_ENGINE_N'] ?? 2000);
const CONCURRENCY = 16;
const ROUNDS = QUICK ? 2 : 3;

/** The request bodies the engine sends, built with the same functions and parameters as OpenAIProvider. */
export function requestBodies(transcripts: readonly Transcript[], rubric: ReturnType<typeof loadRubricFile>): ChatCompletionCreateParamsNonStreaming[] {
  const templates = loadPromptTemplates();
  const { judged } = splitCriteria(rubric.rubric);
  const schema = verdictSchemaFor(rubric.hash, judged).jsonSchema;
  const types = [...DEFAULT_REDACT_TYPES].sort();
  return transcripts.map((t) => {
    const prompt = buildJudgePrompt(templates, rubric.rubric, judged, redactTranscript(t, types).transcript);
    return {
      model: BENCH_MODEL,
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
      response_format: { type: 'json_schema', json_schema: { name: VERDICTS_TOOL_NAME, strict: true, schema } },
      temperature: 0,
      max_tokens: 4096,
    };
  });
}

function cpuMicros(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return c.user + c.system;
}

export async function bareLoop(
  baseURL: string,
  bodies: readonly ChatCompletionCreateParamsNonStreaming[],
  concurrency: number,
  onDone?: (done: number) => void,
): Promise<number> {
  const client = new OpenAI({ apiKey: 'cxqa-no-key', baseURL, timeout: 120_000, maxRetries: 0 });
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await client.chat.completions.create(body);
      if (!res.choices[0]?.message.content) throw new Error('bare loop: empty answer');
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - t0) / 1000;
}

export async function engineOverhead(): Promise<Measurement[]> {
  const rubric = loadRubricFile('rubrics/support-qa.yaml');
  const { judged } = splitCriteria(rubric.rubric);
  const tmp = tempDir('engine');
  const server = await startFakeServer(structuredAnswer(judged), 0);
  try {
    const input = join(tmp.dir, 'transcripts.jsonl');
    await writeTranscripts(input, N, 10);
    const transcripts = readFileSync(input, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Transcript);
    const bodies = requestBodies(transcripts, rubric);
    const warm = join(tmp.dir, 'warm.jsonl');
    await writeTranscripts(warm, 300, 10);
    await bareLoop(server.baseURL, bodies.slice(0, 300), CONCURRENCY);
    await runEngine({ input: warm, dir: tmp.dir, dbName: 'warm.db', rubric, baseURL: server.baseURL, concurrency: CONCURRENCY });

    const bare: number[] = [];
    const engine: number[] = [];
    const bareCpu: number[] = [];
    const engineCpu: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let c0 = process.cpuUsage();
      bare.push(N / (await bareLoop(server.baseURL, bodies, CONCURRENCY)));
      bareCpu.push(cpuMicros(c0) / N);
      c0 = process.cpuUsage();
      const run = await runEngine({ input, dir: tmp.dir, dbName: `engine-${r}.db`, rubric, baseURL: server.baseURL, concurrency: CONCURRENCY });
      engineCpu.push(cpuMicros(c0) / N);
      engine.push(N / run.seconds);
      log(
        `engine overhead round ${r + 1}: bare ${bare.at(-1)!.toFixed(0)} req/s (${bareCpu.at(-1)!.toFixed(0)} µs CPU each), ` +
          `engine ${engine.at(-1)!.toFixed(0)} transcripts/s (${engineCpu.at(-1)!.toFixed(0)} µs CPU each)`,
      );
    }
    const bareRate = median(bare);
    const engineRate = median(engine);
    const details = {
      transcripts: N,
      messages_per_transcript: 10,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      bare_requests_per_s: bare,
      engine_transcripts_per_s: engine,
      bare_cpu_us_per_request: bareCpu,
      engine_cpu_us_per_transcript: engineCpu,
      server_requests: await server.requests(),
    };
    return [
      { id: 'engine_bare_rate', name: 'bare openai SDK loop, instant server', value: bareRate, unit: 'req/s', target: null, details },
      { id: 'engine_rate', name: 'cxqa score (openai judge), instant server', value: engineRate, unit: 'transcripts/s', target: null },
      { id: 'engine_overhead_ratio', name: 'engine ÷ bare SDK throughput', value: engineRate / bareRate, unit: 'ratio', target: { op: '>=', value: 0.95 } },
      {
        id: 'engine_cpu_ratio',
        name: 'bare SDK CPU/request ÷ engine CPU/transcript (client process)',
        value: median(bareCpu) / median(engineCpu),
        unit: `ratio (${median(bareCpu).toFixed(0)} ÷ ${median(engineCpu).toFixed(0)} µs)`,
        target: null,
      },
    ];
  } finally {
    await server.close();
    tmp.remove();
  }
}
