import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LoadedRubric } from '../rubric/load.js';
import type { Db } from './open-database.js';

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface RunRow {
  id: string;
  command: string;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  input: string | null;
  rubric_id: string;
  rubric_version: string;
  rubric_hash: string;
  judge: string;
  options_json: string;
  /** Process and host running it (schema version 4; null for older runs). */
  pid?: number | null;
  host?: string | null;
  /** Transcripts left out: started before --since (skipped), outside --sample / --shard (unselected). */
  skipped?: number;
  unselected?: number;
}

/** `run-20261123T164512Z-3fa9`: sortable by time, unique across machines. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export interface StartRun {
  command: string;
  input: string | null;
  rubric: LoadedRubric;
  judge: string;
  /** Non-secret options worth keeping with the run (never keys). */
  options?: Record<string, unknown>;
}

export function startRun(db: Db, start: StartRun): string {
  const id = newRunId();
  const { rubric, hash } = start.rubric;
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO rubrics (hash, id, version, body_json) VALUES (?, ?, ?, ?)').run(
      hash,
      rubric.id,
      rubric.version,
      JSON.stringify(rubric),
    );
    db.prepare(
      `INSERT INTO runs (id, command, status, started_at, input, rubric_id, rubric_version, rubric_hash, judge, options_json, pid, host)
       VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      start.command,
      new Date().toISOString(),
      start.input,
      rubric.id,
      rubric.version,
      hash,
      start.judge,
      JSON.stringify(start.options ?? {}),
      process.pid,
      hostname(),
    );
  })();
  return id;
}

export function finishRun(db: Db, runId: string, status: RunStatus): void {
  db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, new Date().toISOString(), runId);
}

/** Records how many transcripts the run left out on purpose so far (kept current while it runs). */
export function updateRunCounts(db: Db, runId: string, counts: { skipped: number; unselected: number }): void {
  db.prepare('UPDATE runs SET skipped = ?, unselected = ? WHERE id = ?').run(counts.skipped, counts.unselected, runId);
}

export function getRun(db: Db, runId: string): RunRow | undefined {
  return db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
}

export function latestRun(db: Db, command = 'score'): RunRow | undefined {
  return db.prepare('SELECT * FROM runs WHERE command = ? ORDER BY started_at DESC, rowid DESC LIMIT 1').get(command) as RunRow | undefined;
}
