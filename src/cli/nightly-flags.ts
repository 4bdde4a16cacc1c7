import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TranscriptSelection } from '../run/select-transcripts.js';

/** Flags of `score` for nightly and scheduled use: incremental, sampled, sharded, quiet. */
export interface NightlyFlags {
  since?: Date;
  sample?: number;
  shard?: { index: number; count: number };
  quiet?: boolean;
  /** Seconds between JSON progress lines off a terminal. */
  progressInterval?: number;
}

/** Adds `--since`, `--sample`, `--shard`, `--quiet` and `--progress-interval`. */
export function addNightlyOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--since <time>', 'only transcripts that started at or after this ISO time; earlier ones are counted as skipped').argParser(parseSince))
    .addOption(new Option('--sample <share>', 'score a deterministic share of transcripts, by a hash of the id (e.g. 0.1)').argParser(parseSample))
    .addOption(new Option('--shard <i/n>', 'score shard i of n (0 ≤ i < n), by a hash of the id; combine shards with `cxqa merge`').argParser(parseShard))
    .option('-q, --quiet', 'no progress display on stderr')
    .addOption(new Option('--progress-interval <seconds>', 'seconds between JSON progress lines when stderr is not a terminal (default 10)').argParser(parseInterval));
}

/** The sample and shard asked for, if any. */
export function selectionFrom(flags: NightlyFlags): TranscriptSelection | undefined {
  if (flags.sample === undefined && flags.shard === undefined) return undefined;
  return { ...(flags.sample !== undefined ? { sample: flags.sample } : {}), ...(flags.shard ? { shard: flags.shard } : {}) };
}

/** The nightly options worth keeping with the run (`runs.options_json`). */
export function nightlyRunOptions(flags: NightlyFlags): Record<string, unknown> {
  return {
    ...(flags.since ? { since: flags.since.toISOString() } : {}),
    ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
    ...(flags.shard ? { shard: `${flags.shard.index}/${flags.shard.count}` } : {}),
  };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseSince(value: string): Date {
  const time = ISO_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new InvalidArgumentError(`--since takes an ISO time such as 2026-11-22T00:00:00Z, got "${value}"`);
  return new Date(time);
}

export function parseSample(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError(`--sample takes a share above 0 and at most 1, got "${value}"`);
  return n;
}

export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new InvalidArgumentError(`--shard takes i/n with 0 ≤ i < n, e.g. 0/4, got "${value}"`);
  return { index, count };
}

function parseInterval(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`--progress-interval takes a number of seconds above 0, got "${value}"`);
  return n;
}
