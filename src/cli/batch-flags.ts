import { Command, Option } from 'commander';
import { parseChoice, parsePositiveInt } from './parse-options.js';
import { parseNumberIn } from './parse-judge-options.js';

/** `--mode` of `cxqa score`. */
export type ScoreMode = 'sync' | 'batch';
export const SCORE_MODES: readonly ScoreMode[] = ['sync', 'batch'];

/** Default seconds between two polls of a provider batch. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 30;

/** The batch flags of `cxqa score`. */
export interface BatchModeFlags {
  mode?: ScoreMode;
  wait?: boolean;
  /** Seconds. */
  pollInterval?: number;
  batchMaxRequests?: number;
  batchMaxBytes?: number;
}

/** `--poll-interval <seconds>`, shared by `score --mode batch --wait` and `batch collect --wait`. */
export function pollIntervalOption(): Option {
  return new Option('--poll-interval <seconds>', `seconds between two polls of a batch with --wait (default ${DEFAULT_POLL_INTERVAL_SECONDS})`).argParser(
    parseNumberIn('--poll-interval', 0, 86_400, true),
  );
}

/** Adds `--mode`, `--wait`, `--poll-interval` and the (hidden) batch size limits to `cxqa score`. */
export function addBatchModeOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--mode <mode>', 'sync: call the judge now; batch: submit to the provider batch API at half price (default sync)').argParser(
        parseChoice('--mode', SCORE_MODES),
      ),
    )
    .option('--wait', 'with --mode batch: poll until the batches end and store their results before exiting')
    .addOption(pollIntervalOption())
    .addOption(new Option('--batch-max-requests <n>', 'at most this many requests per provider batch').argParser(parsePositiveInt('--batch-max-requests')).hideHelp())
    .addOption(new Option('--batch-max-bytes <n>', 'at most this many bytes per provider batch').argParser(parsePositiveInt('--batch-max-bytes')).hideHelp());
}
