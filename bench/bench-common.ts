/** Shared pieces of `npm run bench`: result rows, the fake model server handle, temp dirs, the structured answer. */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JudgedCriterion } from '../src/rubric/schema.js';
import { GREETING_QUOTE } from './generate-transcripts.js';

/** One line of the results table. */
export interface Measurement {
  id: string;
  name: string;
  value: number;
  unit: string;
  /** `>=` or `<`/`<=` a number; null: reported, no target. */
  target: { op: '>=' | '<=' | '<'; value: number } | null;
  /** Anything worth keeping in the JSON (inputs, raw timings). */
  details?: Record<string, unknown>;
}

export function passes(m: Measurement): boolean | null {
  if (!m.target) return null;
  const { op, value } = m.target;
  return op === '>=' ? m.value >= value : op === '<=' ? m.value <= value : m.value < value;
}

export const QUICK = process.env['CXQA_BENCH_QUICK'] === '1';

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `cxqa-bench-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * A valid structured answer for the given criteria: a middle-high level, `pass`, the first label; one
 * evidence quote from the generated greeting (message 0), so evidence verification does real work.
 */
export function structuredAnswer(criteria: readonly JudgedCriterion[]): string {
  const verdicts: Record<string, unknown> = {};
  for (const c of criteria) {
    const value = c.kind === 'scale' ? Math.min(c.max, Math.max(c.min, 4)) : c.kind === 'binary' ? 'pass' : c.labels[0]!.id;
    verdicts[c.id] = {
      rationale: 'The agent disclosed recording, verified the order and gave a concrete next step with a timeline.',
      value,
      ...(c.na.allowed ? { na: false } : {}),
      evidence: [{ message: 0, quote: GREETING_QUOTE }],
    };
  }
  return JSON.stringify({ verdicts });
}

export interface FakeServer {
  baseURL: string;
  requests(): Promise<number>;
  close(): Promise<void>;
}

/** Forks bench/fake-openai-child.js and waits until it listens. */
export async function startFakeServer(content: string, delayMs: number): Promise<FakeServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./fake-openai-child.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ content, delayMs });
  const [msg] = (await once(child, 'message')) as [{ port: number }];
  return {
    baseURL: `http://127.0.0.1:${msg.port}/v1`,
    requests: async () => {
      child.send('count');
      const [reply] = (await once(child, 'message')) as [{ requests: number }];
      return reply.requests;
    },
    close: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
