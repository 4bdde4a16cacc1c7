import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a whole number ≥ 1, with an exact message naming the flag. */
export function parsePositiveInt(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number ≥ 1, got "${value}"`);
    return n;
  };
}

/** Commander argument parser for a number ≥ 0 (e.g. seconds), with an exact message naming the flag. */
export function parseNonNegativeNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a number ≥ 0, got "${value}"`);
    return n;
  };
}

/** Commander argument parser for one of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${flag} takes one of ${choices.join(', ')}, got "${value}"`);
    }
    return value as T;
  };
}
