import { Command, Option } from 'commander';
import { BatchError } from '../run/batch/batch-error.js';
import { BatchRepository } from '../store/batch-repository.js';
import { collectBatches } from '../run/batch/collect-batches.js';
import { pollBatch } from '../run/batch/poll-batches.js';
import type { HeldLock } from '../store/writer-lock.js';
import { batchContexts } from './batch-context.js';
import { DEFAULT_POLL_INTERVAL_SECONDS, pollIntervalOption } from './batch-flags.js';
import { formatCollectReport, formatStatusTable, statusRow } from './batch-output.js';
import { ExitCode } from './exit-codes.js';
import { warn } from './io.js';
import { handleStopSignals } from './stop-signals.js';
import { openForReading, requireDatabase } from './open-for-reading.js';
import { judgeStackOptions } from './judge-flags.js';
import { judgeSettingsFromFlags, parseNonNegativeInt, parseNumberIn } from './parse-judge-options.js';
import { openForWriting, takeWriterLock, WaitingWriterLock } from './take-writer-lock.js';

interface StatusFlags {
  db: string;
  json?: boolean;
  refresh?: boolean;
}

interface CollectFlags {
  db: string;
  json?: boolean;
  wait?: boolean;
  pollInterval?: number;
  config?: string;
  cache: boolean;
  timeout?: number;
  maxRetries?: number;
}

/** `cxqa batch status` and `cxqa batch collect`: provider batches submitted by `score --mode batch`. */
export function batchCommand(): Command {
  const cmd = new Command('batch').description('Provider batch API work submitted by `cxqa score --mode batch`: list it, and store its results.');
  cmd.addCommand(
    new Command('status')
      .description('List the submitted batches and their states (from the database; --refresh asks the providers first).')
      .option('--db <path>', 'SQLite database', 'cxqa.db')
      .option('--json', 'one JSON object per batch, one per line')
      .option('--refresh', 'ask the provider for the current state of every batch not yet collected (needs the API keys)')
      .addHelpText(
        'after',
        `
Without --refresh it only reads the database, so it works while another command is writing to it. With
--refresh it records the providers' answers, so it takes the database's writer lock like \`score\`.
Exit codes: 0 listed · 2 usage error (e.g. API key missing with --refresh) · 4 with --refresh: another
process is writing to the database (its pid, host and start time are named).`,
      )
      .action(async (flags: StatusFlags) => {
        process.exitCode = await runStatus(flags);
      }),
  );
  cmd.addCommand(
    new Command('collect')
      .description('Fetch the results of ended batches and store them like `score` does; with --wait, poll until every batch has ended.')
      .option('--db <path>', 'SQLite database', 'cxqa.db')
      .option('--json', 'one JSON object per collected batch, one per line')
      .option('--wait', 'poll until every batch has ended')
      .addOption(pollIntervalOption())
      .option('--config <file>', 'config file with price overrides (default: ./cxqa.config.yaml if present)')
      .option('--no-cache', 'do not read or write the judge cache')
      .addOption(new Option('--timeout <seconds>', 'per-request timeout of provider calls').argParser(parseNumberIn('--timeout', 0, 3600, true)))
      .addOption(new Option('--max-retries <n>', 'retries of a failed provider request, honouring retry-after').argParser(parseNonNegativeInt('--max-retries')))
      .addHelpText(
        'after',
        `
Stores results, so it holds the database's writer lock like \`score\`; with --wait it gives the lock up while sleeping
between polls (so a nightly \`score\` can run) and takes it back before the next poll, waiting while another process writes.
Exit codes: 0 every collected transcript scored (batches still running are listed) · 2 usage error (e.g. API
key missing) · 3 some requests errored, expired or a batch failed (expired work is submitted again by the
next \`cxqa score --mode batch\`) · 4 another process is writing to the database (its pid, host and start
time are named) · 130 interrupted.`,
      )
      .action(async (flags: CollectFlags) => {
        process.exitCode = await runCollect(flags);
      }),
  );
  return cmd;
}

async function runStatus(flags: StatusFlags): Promise<number> {
  const db = openForReading(flags.db);
  let lock: HeldLock | undefined;
  try {
    const repo = new BatchRepository(db);
    if (flags.refresh) {
      lock = takeWriterLock(db, flags.db, 'batch status --refresh');
      const { stack } = judgeStackOptions({ cache: true });
      const contextFor = batchContexts(db, stack);
      try {
        for (const row of repo.open()) await pollBatch(repo, contextFor(row).client, row);
      } catch (err) {
        if (!(err instanceof BatchError)) throw err;
        warn(err.message);
      }
    }
    const rows = repo.list().map((r) => statusRow(r, repo));
    if (flags.json) for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    else process.stdout.write(formatStatusTable(rows));
    return ExitCode.OK;
  } finally {
    lock?.release();
    db.close();
  }
}

async function runCollect(flags: CollectFlags): Promise<number> {
  const { stack, config } = judgeStackOptions({ cache: flags.cache, ...(flags.config ? { config: flags.config } : {}) });
  requireDatabase(flags.db);
  const opened = openForWriting(flags.db, 'batch collect');
  const db = opened.db;
  const lock = new WaitingWriterLock(db, flags.db, 'batch collect', opened.lock);
  const stop = handleStopSignals({
    message: () => 'interrupted: stopping after the batch being stored',
    beforeExit: () => {
      lock.release();
    },
  });
  try {
    const overrides = judgeSettingsFromFlags({ timeout: flags.timeout, maxRetries: flags.maxRetries });
    const contextFor = batchContexts(db, stack, { overrides });
    // Build every judge first, so a missing key is a usage error before any request.
    for (const row of new BatchRepository(db).open()) contextFor(row);
    // A BatchError (provider refused or failed) reaches main, which maps its code to exit 3 (exit-category.ts).
    const result = await collectBatches({
        db,
        contextFor,
        wait: flags.wait === true,
        pollIntervalMs: (flags.pollInterval ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000,
        signal: stop.signal,
        onWarning: warn,
        onCollected: (r) => process.stdout.write(flags.json ? `${JSON.stringify(r)}\n` : `${formatCollectReport(r)}\n`),
        lockBetweenPolls: lock,
        // For batches whose submission recorded no store.text (an earlier version): this config's.
        storeText: config.store?.text,
      });
    if (result.pending.length > 0 && !flags.json) {
      process.stdout.write(`${result.pending.length} batches still running: ${result.pending.join(', ')}\n`);
    }
    if (result.collected.length === 0 && result.pending.length === 0 && !flags.json) process.stdout.write('no batches to collect\n');
    if (stop.signal.aborted && result.pending.length > 0) return ExitCode.INTERRUPTED;
    const incomplete = result.collected.some((r) => r.status === 'failed' || r.partial > 0 || r.failed > 0 || r.expiredRequests > 0);
    return incomplete ? ExitCode.PARTIAL : ExitCode.OK;
  } finally {
    stop.dispose();
    lock.release();
    db.close();
  }
}
