import { Command } from 'commander';
import { assertShardMergeable, mergeDatabase, type MergeStats } from '../store/merge-databases.js';
import { openDatabase } from '../store/open-database.js';
import { ExitCode } from './exit-codes.js';
import { takeWriterLock } from './take-writer-lock.js';

interface MergeFlags {
  into: string;
  json?: boolean;
  force?: boolean;
}

/** `cxqa merge --into DB SHARD.db...`: combines the databases of `score --shard i/n` runs. */
export function mergeCommand(): Command {
  return new Command('merge')
    .description('Merge shard databases (from `score --shard i/n`) into one database.')
    .requiredOption('--into <db>', 'database to merge into (created if missing)')
    .option('--json', 'print one JSON object per shard instead of a line of text')
    .option('--force', 'merge shards with provider batches not collected yet: copy those batches as they are (collect them from the target)')
    .argument('<shards...>', 'shard databases to copy from (left unchanged, apart from schema upgrades)')
    .addHelpText(
      'after',
      `
Copies runs, rubrics, transcripts, evaluations (with criterion results, panel votes, findings), each run's
items and judge calls, the judge cache, human decisions (\`review decide\`), calibration results, fitted
judge models (\`fit --db\`), and the provider batches of \`score --mode batch\` with their requests (not the
\`pull\` cursors: they belong to the pulling machine's output file). History is append-only: each run is copied whole, once (merging the same shard again adds nothing),
rows are appended to the target's hash chains (\`cxqa audit verify\` checks them), and an evaluation of the
same work the target has from another run stays beside the shard's.
Provider batches: a shard with batches not collected yet (pending at the provider, or ended but not stored)
is refused and the batch ids are named: run \`cxqa batch collect --db SHARD --wait\` first, then merge. Every
shard is checked before anything is copied, so a refusal merges nothing. With --force such batches are copied
as they are: collect them from the target (\`cxqa batch collect --db TARGET\`); a later merge of the shard,
once it has collected them itself, brings the target's copies up to date.
Exit codes: 0 merged · 2 usage error (missing shard, or a shard with batches not collected, without --force)
· 4 the target or a shard is being written by another process.`,
    )
    .action((shards: string[], flags: MergeFlags) => {
      process.exitCode = runMerge(shards, flags);
    });
}

function runMerge(shards: string[], flags: MergeFlags): number {
  const options = { force: flags.force === true };
  const db = openDatabase(flags.into);
  try {
    const lock = takeWriterLock(db, flags.into, 'merge');
    try {
      // Every shard first: one that cannot be merged (missing, busy, batches not collected) merges nothing.
      // (mergeDatabase checks each again just before copying it, in case a shard changed in between.)
      for (const shard of shards) assertShardMergeable(flags.into, shard, options);
      for (const shard of shards) {
        const stats = mergeDatabase(db, flags.into, shard, options);
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
    `${s.shard}: ${s.runs} runs, ${s.transcripts} transcripts, ${s.evaluations} evaluations added, ${s.judge_cache} judge cache entries` +
    `${s.provider_batches || s.provider_batches_updated ? `, ${s.provider_batches} provider batches (${s.provider_batch_items} requests)` : ''}` +
    `${s.provider_batches_updated ? `, ${s.provider_batches_updated} open batches brought up to date` : ''}`
  );
}
