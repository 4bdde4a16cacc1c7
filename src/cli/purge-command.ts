import { Command } from 'commander';
import { UsageError } from '../error/cxqa-error.js';
import { openDatabase } from '../store/open-database.js';
import { purgeBodies, type PurgeResult } from '../store/purge-bodies.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { requireDatabase } from './open-for-reading.js';
import { takeWriterLock } from './take-writer-lock.js';

interface PurgeFlags {
  db: string;
  before: string;
  json?: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_START = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `cxqa purge --db PATH --before DATE`: removes transcript bodies older than a retention date. */
export function purgeCommand(): Command {
  return new Command('purge')
    .description('Remove the text of conversations that started before a date; scores, verdicts and findings stay.')
    .requiredOption('--db <path>', 'SQLite database written by `cxqa score`')
    .requiredOption('--before <date>', 'retention bound: conversations that started before it (ISO 8601 date = its first instant UTC, or a date-time with a zone)')
    .option('--json', 'print one JSON object instead of a line of text')
    .addHelpText(
      'after',
      `
Removes the stored body of every transcript whose conversation started before --before, and the copy a
closed provider batch request kept of it. Kept: the transcript row (id, channel, dates, customer, agent,
intent, content hash, body hash and an outline without message text, used by outcome metrics), every
evaluation, verdict, evidence quote and rationale (stored redacted), finding and human decision. The purge is
recorded in the append-only, hash-chained \`purges\` table and \`cxqa audit verify\` still passes. Freed bytes
are zeroed (secure_delete) and the write-ahead log is emptied, so the text is gone from the files too.
Exit codes: 0 purged (also when nothing was old enough) · 2 usage error (no database, bad date) · 4 the
database is being written by another process.`,
    )
    .action((flags: PurgeFlags) => {
      process.exitCode = runPurge(flags);
    });
}

/** The bound as an ISO time: a date alone is its first instant (UTC). */
export function parseRetentionDate(value: string): string {
  const ms = ISO_START.test(value) ? Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(`--before takes an ISO 8601 date or date-time with a zone, e.g. 2026-01-01 or 2026-01-01T00:00:00Z, got "${value}"`, 'PURGE_BAD_DATE');
  }
  return new Date(ms).toISOString();
}

function runPurge(flags: PurgeFlags): number {
  const before = parseRetentionDate(flags.before);
  requireDatabase(flags.db);
  const db = openDatabase(flags.db);
  let result: PurgeResult;
  try {
    const lock = takeWriterLock(db, flags.db, 'purge');
    try {
      result = purgeBodies(db, before);
    } finally {
      lock.release();
    }
  } finally {
    db.close();
  }
  if (!result.wal_truncated) warn(`the write-ahead log of ${flags.db} could not be emptied while another process reads it: the removed text stays in ${flags.db}-wal until the next checkpoint (run purge again when nothing reads the database)`);
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const batch = result.batch_items > 0 ? ` and ${result.batch_items} provider batch copies` : '';
    process.stdout.write(`purged ${result.transcripts} transcript bodies${batch} of conversations before ${result.before} from ${flags.db} (purge ${result.purge_id})\n`);
  }
  return ExitCode.OK;
}
