import { Command } from 'commander';
import { mergeDatabase, type MergeStats } from '../store/merge-databases.js';
import { openDatabase } from '../store/open-database.js';
import { ExitCode } from './exit-codes.js';
import { takeWriterLock } from './take-writer-lock.js';

interface MergeFlags {
  into: string;
  json?: boolean;
}

/** `cxqa merge --into DB SHARD.db...`: combines the databases of `score --shard i/n` runs. */
export function mergeCommand(): Command {
  return new Command('merge')
    .description('Merge shard databases (from `score --shard i/n`) into one database.')
    .requiredOption('--into <db>', 'database to merge into (created if missing)')
    .option('--json', 'print one JSON object per shard instead of a line of text')
    .argument('<shards...>', 'shard databases to copy from (left unchanged, apart from schema upgrades)')
    .addHelpText(
      'after',
      `
Copies runs, rubrics, transcripts, evaluations (with criterion results, panel votes, findings), each run's
items and judge calls, and the judge cache. Merging the same shard again adds nothing; an evaluation the
target already has (same transcript, content, rubric and judge) is kept as it is.
Exit codes: 0 merged · 2 usage error (missing shard) · 4 the target or a shard is being written by another process.`,
    )
    .action((shards: string[], flags: MergeFlags) => {
      process.exitCode = runMerge(shards, flags);
    });
}

function runMerge(shards: string[], flags: MergeFlags): number {
  const db = openDatabase(flags.into);
  try {
    const lock = takeWriterLock(db, flags.into, 'merge');
    try {
      for (const shard of shards) {
        const stats = mergeDatabase(db, flags.into, shard);
        process.stdout.write(flags.json ? `${JSON.stringify(stats)}\n` : `${describe(stats)}\n`);
      }
    } finally {
      lock.release();
    }
  } finally {
    db.close();
  }
  return ExitCode.OK;
}

function describe(s: MergeStats): string {
  return (
    `${s.shard}: ${s.runs} runs, ${s.transcripts} transcripts, ${s.evaluations} evaluations added` +
    `${s.kept_existing ? ` (${s.kept_existing} already present, kept)` : ''}, ${s.judge_cache} judge cache entries`
  );
}
