import { overrideSettings, parseStoredJudgeSettings, toStoredJudgeSettings, type JudgeSettings } from '../../judge/judge-settings.js';
import { parseKnownJudgeSpec } from '../../judge/judge-spec.js';
import { createLlmJudge } from '../../judge/llm/create-llm-judge.js';
import type { LlmJudge } from '../../judge/llm/llm-judge.js';
import { withoutFitRefs } from '../../fit/batch-fits.js';
import { BatchError } from './batch-error.js';

/**
 * The judge settings stored with a batch (`judge_settings_json`): everything besides the key needed to rebuild
 * the same judge in a later process (see `toStoredJudgeSettings`). Never a key, never the PII redaction hook.
 * The rubric's `redact:` kinds are among them: part of the judge fingerprint, and needed to map the evidence
 * quotes of a redacted transcript back (without them a rebuilt judge would use the default kinds).
 */
export function storedJudgeSettings(judge: LlmJudge): Record<string, unknown> {
  return toStoredJudgeSettings(judge.settings, judge.modelProvider.baseURL);
}

/**
 * Rebuilds the model judge a batch was submitted with, reading the key from the environment (a missing key
 * is `JUDGE_KEY_MISSING`, exit 2). `overrides` (e.g. `--timeout` of `batch collect`) win over stored settings.
 */
export function rebuildJudge(spec: string, settingsJson: string, overrides: JudgeSettings = {}): LlmJudge {
  const parsed = parseKnownJudgeSpec(spec);
  if (parsed?.kind !== 'model') throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `batch judge "${spec}" is not an openai: or anthropic: judge`);
  let stored: unknown;
  try {
    stored = JSON.parse(settingsJson);
  } catch {
    stored = undefined;
  }
  // The fits stored beside the settings (see fit/batch-fits.ts) are applied by the caller, not the model judge.
  const settings = parseStoredJudgeSettings(withoutFitRefs(stored));
  if (!settings.ok) throw new BatchError('BATCH_JUDGE_UNSUPPORTED', `batch judge "${spec}": its stored settings cannot be read (${settings.error})`);
  return createLlmJudge(parsed, overrideSettings(settings.settings, overrides));
}
