import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Transcript } from '../../src/transcript/schema.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { pathIn } from '../helpers/temp-dir.js';

export interface RoundTrip {
  imported: CliResult;
  transcripts: Transcript[];
  byId: Map<string, Transcript>;
  /** `cxqa score --json` of the imported file (offline judge). */
  score: { transcripts: { read: number; scored: number; failed: number } };
  /** `cxqa outcomes --json` of that run. */
  outcomes: {
    all: { n: number; survey_csat_mean?: number | null } & Record<string, unknown>;
    by_handler: Record<'bot' | 'human' | 'none', { n: number }>;
    escalation: { n: number };
  };
}

/** `cxqa import` (args) → out.jsonl → `cxqa score` with the offline judge → `cxqa outcomes`, all in-process. */
export async function importAndScore(dir: string, importArgs: string[]): Promise<RoundTrip> {
  const out = pathIn(dir, 'out.jsonl');
  const imported = await runCli(['import', ...importArgs, '--out', out]);
  const transcripts = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Transcript);
  const db = pathIn(dir, 'qa.db');
  const scored = await runCli(['score', '-i', out, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--json', '--quiet']);
  expect(scored.stderr).not.toMatch(/TRANSCRIPT_INVALID|TRANSCRIPT_JSON/);
  expect(scored.code).toBe(0);
  const outcomes = await runCli(['outcomes', '--db', db, '--json']);
  expect(outcomes.code).toBe(0);
  return {
    imported,
    transcripts,
    byId: new Map(transcripts.map((t) => [t.id, t])),
    score: JSON.parse(scored.stdout),
    outcomes: JSON.parse(outcomes.stdout),
  };
}

export function roles(t: Transcript | undefined): string[] {
  return (t?.messages ?? []).map((m) => (m.event ? `${m.role}:${m.event}` : m.role));
}
