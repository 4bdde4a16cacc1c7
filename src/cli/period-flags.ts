import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { loadRubricFile } from '../rubric/load.js';
import { resolvePeriodRubric, type EvaluationSelection } from '../store/evaluation-selection.js';
import type { Db } from '../store/open-database.js';
import { findRun } from './open-for-reading.js';

export interface PeriodFlags {
  run?: string;
  rubric?: string;
  from?: string;
  to?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `--from` / `--to`: an ISO 8601 date or date-time, normalised to UTC. A date alone means the whole day (UTC):
 * `--from 2026-11-01` starts at its first instant, `--to 2026-11-30` ends at its last, so both ends are inclusive.
 */
export function parsePeriodBound(flag: '--from' | '--to'): (value: string) => string {
  return (value: string) => {
    const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value) : Number.NaN;
    if (Number.isNaN(ms)) {
      throw new InvalidArgumentError(`${flag} takes an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z, got "${value}"`);
    }
    const end = flag === '--to' && DATE_ONLY.test(value) ? ms + 86_400_000 - 1 : ms;
    return new Date(end).toISOString();
  };
}

/** Adds `--run`, `--rubric`, `--from`, `--to` to a reporting command. */
export function addPeriodOptions(cmd: Command, what: string, byDefault = 'the latest score run'): Command {
  return cmd
    .option('--run <id>', `one run's ${what} (default without --rubric/--from/--to: ${byDefault})`)
    .option('--rubric <id|file>', `a period of this rubric (id, or its YAML file): every score run of it, any version, combined (merged shards and nightly runs together), the latest evaluation per transcript`)
    .addOption(new Option('--from <date>', 'only conversations that started on or after this date (ISO 8601; a date is its first instant, UTC)').argParser(parsePeriodBound('--from')))
    .addOption(new Option('--to <date>', 'only conversations that started on or before this date (a date alone includes the whole day, UTC)').argParser(parsePeriodBound('--to')));
}

/**
 * What a reporting command reports on: `--run ID` (optionally narrowed by --from/--to); else, with
 * `--rubric`, `--from` or `--to`, a period of one rubric; else the latest score run.
 */
export function selectionFromFlags(db: Db, dbPath: string, flags: PeriodFlags): EvaluationSelection {
  const bounds = {
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
  };
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) {
    throw new UsageError(`--from ${flags.from} is after --to ${flags.to}: the period is empty`, 'PERIOD_EMPTY');
  }
  if (flags.run !== undefined && flags.rubric !== undefined) {
    throw new UsageError('--run and --rubric exclude each other: a run has one rubric; use --rubric with --from/--to for a period', 'PERIOD_CONFLICT');
  }
  if (flags.run !== undefined || (flags.rubric === undefined && flags.from === undefined && flags.to === undefined)) {
    return { runId: findRun(db, dbPath, flags.run).id, ...bounds };
  }
  return { rubricId: resolvePeriodRubric(db, dbPath, rubricIdOf(flags.rubric)), ...bounds };
}

/** `--rubric` names a rubric id, or a rubric YAML file whose id is used. */
export function rubricIdOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/\.ya?ml$/i.test(value) && existsSync(value)) return loadRubricFile(value).rubric.id;
  return value;
}

/** A short description of a selection for text reports. */
export function describeSelection(sel: EvaluationSelection): string {
  const range = sel.from || sel.to ? `, conversations ${sel.from?.slice(0, 10) ?? '…'} to ${sel.to?.slice(0, 10) ?? '…'}` : '';
  return sel.runId !== undefined ? `run ${sel.runId}${range}` : `rubric ${sel.rubricId}, every score run${range}`;
}
