import type { RedactType } from '../../governance/redact.js';
import type { LlmJudgeSettings } from '../../judge/llm/create-llm-judge.js';
import { createLlmJudge } from '../../judge/llm/create-llm-judge.js';
import { LlmJudge } from '../../judge/llm/llm-judge.js';
import type { JudgeOptions } from '../../judge/select-judge.js';
import { BatchError } from './batch-error.js';
import type { BatchProvider } from '../../judge/provider/batch-client.js';

/**
 * The judge settings stored with a batch (`judge_settings_json`): everything besides the key needed to
 * rebuild the same judge in a later process. Never a key, never the PII redaction hook.
 */
export interface StoredJudgeSettings {
  base_url: string | null;
  temperature?: number;
  max_output_tokens?: number;
  call_per?: 'transcript' | 'criterion';
  timeout_seconds?: number;
  max_retries?: number;
  /**
   * The rubric's `redact:` kinds, when it lists them. Part of the judge fingerprint, and needed to map the
   * evidence quotes of a redacted transcript back: without them a rebuilt judge would use the default kinds.
   */
  redact_types?: RedactType[];
}

/** The settings to store for a judge built with these options. */
export function storedSettings(judge: LlmJudge, options: JudgeOptions): StoredJudgeSettings {
  return {
    base_url: judge.modelProvider.baseURL ?? null,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.maxOutputTokens !== undefined ? { max_output_tokens: options.maxOutputTokens } : {}),
    ...(options.callPer !== undefined ? { call_per: options.callPer } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeout_seconds: options.timeoutSeconds } : {}),
    ...(options.maxRetries !== undefined ? { max_retries: options.maxRetries } : {}),
    ...(options.redactTypes !== undefined ? { redact_types: [...options.redactTypes] } : {}),
  };
}

/**
 * Rebuilds the model judge a batch was submitted with, reading the key from the environment (a missing key
 * is `JUDGE_KEY_MISSING`, exit 2). `overrides` (e.g. `--timeout` of `batch collect`) win over stored settings.
 */
export function rebuildJudge(spec: string, settingsJson: string, overrides: LlmJudgeSettings = {}): LlmJudge {
  const colon = spec.indexOf(':');
  const provider = spec.slice(0, colon) as BatchProvider;
  if (colon < 0 || (provider !== 'openai' && provider !== 'anthropic')) {
    throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `batch judge "${spec}" is not an openai: or anthropic: judge`);
  }
  const s = JSON.parse(settingsJson) as StoredJudgeSettings;
  const judge = createLlmJudge(provider, spec.slice(colon + 1), spec, {
    ...(s.base_url ? { baseUrl: s.base_url } : {}),
    ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
    ...(s.max_output_tokens !== undefined ? { maxOutputTokens: s.max_output_tokens } : {}),
    ...(s.call_per !== undefined ? { callPer: s.call_per } : {}),
    ...(s.timeout_seconds !== undefined ? { timeoutSeconds: s.timeout_seconds } : {}),
    ...(s.max_retries !== undefined ? { maxRetries: s.max_retries } : {}),
    ...(s.redact_types !== undefined ? { redactTypes: s.redact_types } : {}),
    ...overrides,
  });
  if (!(judge instanceof LlmJudge)) throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `batch judge "${spec}" is not a model judge`);
  return judge;
}
