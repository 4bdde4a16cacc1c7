import { UsageError } from '../../error/cxqa-error.js';
import { AnthropicProvider } from '../provider/anthropic/chat-provider.js';
import { LlmJudge, type CallPer } from './llm-judge.js';
import type { ModelProvider, ProviderSettings } from '../provider/model-provider.js';
import { OpenAIProvider } from '../provider/openai/chat-provider.js';
import { defaultPromptDir, loadPromptTemplates } from './prompt-templates.js';
import { createRedactor, environmentSecrets } from './redact-secrets.js';
import type { TranscriptRedactor } from './transcript-redaction.js';
import { redactTranscript, type RedactType } from '../../governance/redact.js';
import { pickJudgeSettings, type JudgeSettings } from '../judge-settings.js';
import type { MemberSpec } from '../judge-spec.js';

/**
 * Settings of a model judge: the {@link JudgeSettings} (everything optional, with a documented default) and
 * what only a running process has: a redaction hook, the prompt directory, the environment.
 */
export interface LlmJudgeSettings extends JudgeSettings {
  /** A custom redaction hook; overrides `redactTypes` (tests use it to observe what is sent). */
  redact?: TranscriptRedactor | undefined;
  /** Where the prompt templates are read from. Default `<package>/prompts`. */
  promptDir?: string | undefined;
  /** Environment the keys and base URLs are read from. Default `process.env`. */
  env?: NodeJS.ProcessEnv | undefined;
}

/** Personal data is redacted before any third-party call unless a rubric says otherwise. */
export const DEFAULT_REDACT_TYPES: readonly RedactType[] = ['card', 'iban', 'ssn', 'email', 'phone', 'ip'];

export const LLM_DEFAULTS = { timeoutSeconds: 120, maxRetries: 2, maxRetryWaitSeconds: 60, callPer: 'transcript' as CallPer, temperature: 0, maxOutputTokens: 4096 };

/** The key a local OpenAI-compatible server gets when `OPENAI_API_KEY` is not set (they ignore it). */
const LOCAL_SERVER_KEY = 'cxqa-no-key';

/**
 * Builds the model judge of a parsed `openai:<model>` or `anthropic:<model>` spec. Checks everything that can be checked
 * before work starts: a missing key is a `UsageError` with code `JUDGE_KEY_MISSING` (exit 2), bad settings
 * are `JUDGE_OPTION_INVALID`. For an OpenAI-compatible server at a base URL other than api.openai.com, a
 * missing `OPENAI_API_KEY` is allowed (a placeholder key is sent).
 */
export function createLlmJudge(spec: Extract<MemberSpec, { kind: 'model' }>, settings: LlmJudgeSettings = {}): LlmJudge {
  const { provider, model, name } = spec;
  const env = settings.env ?? process.env;
  const timeoutSeconds = settings.timeoutSeconds ?? LLM_DEFAULTS.timeoutSeconds;
  const maxRetries = settings.maxRetries ?? LLM_DEFAULTS.maxRetries;
  const maxRetryWaitSeconds = settings.maxRetryWaitSeconds ?? LLM_DEFAULTS.maxRetryWaitSeconds;
  const temperature = settings.temperature ?? LLM_DEFAULTS.temperature;
  const maxOutputTokens = settings.maxOutputTokens ?? LLM_DEFAULTS.maxOutputTokens;
  const callPer = settings.callPer ?? LLM_DEFAULTS.callPer;
  if (!(timeoutSeconds > 0)) invalid(`timeout must be a number of seconds > 0, got ${timeoutSeconds}`);
  if (!Number.isInteger(maxRetries) || maxRetries < 0) invalid(`max retries must be a whole number ≥ 0, got ${maxRetries}`);
  if (!(maxRetryWaitSeconds >= 0)) invalid(`max retry wait must be a number of seconds ≥ 0, got ${maxRetryWaitSeconds}`);
  const maxTemperature = provider === 'anthropic' ? 1 : 2;
  if (!(temperature >= 0 && temperature <= maxTemperature)) invalid(`temperature for ${provider} must be between 0 and ${maxTemperature}, got ${temperature}`);
  if (!Number.isInteger(maxOutputTokens) || maxOutputTokens < 1) invalid(`max output tokens must be a whole number ≥ 1, got ${maxOutputTokens}`);

  const baseUrl = nonEmpty(settings.baseUrl) ?? nonEmpty(provider === 'openai' ? env['OPENAI_BASE_URL'] : env['ANTHROPIC_BASE_URL']);
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) invalid(`base URL must be an http(s) URL, got "${baseUrl}"`);
  const keyVar = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
  let apiKey = nonEmpty(env[keyVar]);
  if (!apiKey) {
    if (provider === 'openai' && baseUrl !== undefined && !isOpenAIHost(baseUrl)) apiKey = LOCAL_SERVER_KEY;
    else {
      throw new UsageError(
        `judge "${name}" needs an API key: set ${keyVar} in the environment` +
          (provider === 'openai' ? ' (for a local OpenAI-compatible server, pass --base-url instead)' : ''),
        'JUDGE_KEY_MISSING',
      );
    }
  }
  const redactSecrets = createRedactor([apiKey, ...environmentSecrets(env)]);
  const redactTypes = [...(settings.redactTypes ?? DEFAULT_REDACT_TYPES)].sort();
  const providerSettings: ProviderSettings = {
    model,
    apiKey,
    baseURL: baseUrl,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    maxRetries,
    maxRetryWaitMs: Math.round(maxRetryWaitSeconds * 1000),
    temperature,
    redact: redactSecrets,
  };
  const modelProvider: ModelProvider = provider === 'openai' ? new OpenAIProvider(providerSettings) : new AnthropicProvider(providerSettings);
  return new LlmJudge({
    name,
    settings: pickJudgeSettings(settings),
    provider: modelProvider,
    templates: loadPromptTemplates(settings.promptDir ?? defaultPromptDir()),
    maxOutputTokens,
    temperature,
    callPer,
    redactSecrets,
    redactTypes,
    redact: settings.redact ?? (redactTypes.length > 0 ? (t) => redactTranscript(t, redactTypes) : undefined),
  });
}

function invalid(message: string): never {
  throw new UsageError(message, 'JUDGE_OPTION_INVALID');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isOpenAIHost(value: string): boolean {
  return new URL(value).hostname.endsWith('openai.com');
}
