import { InvalidArgumentError } from 'commander';

/** Commander argument parser for an amount of US dollars > 0 (`0.50`, `$2`), with a message naming the flag. */
export function parseUsd(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value.trim().replace(/^\$/, ''));
    if (!Number.isFinite(n) || n <= 0 || value.trim() === '') throw new InvalidArgumentError(`${flag} takes an amount in USD > 0, e.g. 2.50, got "${value}"`);
    return n;
  };
}
