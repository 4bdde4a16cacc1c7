import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_MAX_LINE_CHARS, type ReadLimits } from '../transcript/read-jsonl.js';

export interface ReadLimitFlags {
  /** `--max-line-mb`: the longest input line, in MB (2^20 characters). */
  maxLineMb?: number;
}

/** `--max-line-mb <n>`: a longer input line is reported (file, line) and skipped; the run goes on. */
export function addReadLimitOptions(cmd: Command): Command {
  return cmd.addOption(
    new Option('--max-line-mb <n>', `longest input line in MB; a longer line is recorded as invalid and skipped (default ${DEFAULT_MAX_LINE_CHARS / 2 ** 20})`).argParser(
      (value: string) => {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`--max-line-mb takes a number of MB > 0, got "${value}"`);
        return n;
      },
    ),
  );
}

export function readLimitsFrom(flags: ReadLimitFlags): ReadLimits {
  return flags.maxLineMb !== undefined ? { maxLineChars: Math.round(flags.maxLineMb * 2 ** 20) } : {};
}
