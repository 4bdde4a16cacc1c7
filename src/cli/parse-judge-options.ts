import { InvalidArgumentError } from 'commander';
import { CALL_PER_MODES, type CallPer } from '../judge/llm/llm-judge.js';
import { overrideSettings, pickJudgeSettings, rubricJudgeSettings, type JudgeSettings } from '../judge/judge-settings.js';
import type { Rubric } from '../rubric/schema.js';

/** Commander argument parser for a whole number ≥ 0 (e.g. `--max-retries 0`). */
export function parseNonNegativeInt(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} takes a whole number ≥ 0, got "${value}"`);
    return n;
  };
}

/** Commander argument parser for a number in [min, max] (`exclusiveMin`: strictly greater than min). */
export function parseNumberIn(flag: string, min: number, max: number, exclusiveMin = false): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    const ok = value.trim() !== '' && Number.isFinite(n) && (exclusiveMin ? n > min : n >= min) && n <= max;
    if (!ok) throw new InvalidArgumentError(`${flag} takes a number ${exclusiveMin ? '>' : '≥'} ${min} and ≤ ${max}, got "${value}"`);
    return n;
  };
}

/** The model-judge flags of `cxqa score`. */
export interface JudgeFlags {
  baseUrl?: string;
  /** Seconds. */
  timeout?: number;
  maxRetries?: number;
  /** Seconds. */
  maxRetryWait?: number;
  callPer?: CallPer;
  temperature?: number;
}

export const CALL_PER_CHOICES = CALL_PER_MODES;

/** The judge settings the flags set: the one place command-line flags become {@link JudgeSettings}. */
export function judgeSettingsFromFlags(flags: JudgeFlags): JudgeSettings {
  return pickJudgeSettings({
    baseUrl: flags.baseUrl,
    temperature: flags.temperature,
    timeoutSeconds: flags.timeout,
    maxRetries: flags.maxRetries,
    maxRetryWaitSeconds: flags.maxRetryWait,
    callPer: flags.callPer,
  });
}

/** Settings for one judge: command-line flags first, then the rubric's `judge:` settings and `redact:` list, then defaults. */
export function judgeSettingsFor(fromFlags: JudgeSettings, rubric: Rubric, member: string): JudgeSettings {
  return overrideSettings(rubricJudgeSettings(rubric, member), fromFlags);
}
