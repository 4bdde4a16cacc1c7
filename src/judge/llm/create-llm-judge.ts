import { UsageError } from '../../error/cxqa-error.js';
import { AnthropicProvider } from '../provider/anthropic/chat-provider.js';
import { LlmJudge, type CallPer } from './llm-judge.js';
import type { ModelProvider, ProviderSettings } from '../provider/model-provider.js';
import { OpenAIProvider } from '../provider/openai/chat-provider.js';
import { defaultPromptDir, loadPromptTemplates } from './prompt-templates.js';
import { createRedactor, environmentSecrets } from './redact-secrets.js';
import type { TranscriptRedactor } from './transcript-redaction.js';
import { redactTranscript, type RedactType } from '../../governance/redact.js';

/** Providers cxqa can call. */
export type LlmProviderName = 'openai' | 'anthropic';

/** Settings of a model judge; everything is optional and has a documented default. */
export interface LlmJudgeSettings {
  /** OpenAI-compatible or Anthropic base URL. Default: `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL`, else the provider's. */
  baseUrl?: string | undefined;
  /** Per-request timeout in seconds. Default 120. */
  timeoutSeconds?: number | undefined;
  /** Retries done by the SDK (honouring `retry-after`). Default 2. */
  maxRetries?: number | undefined;
  /**
   * The longest `retry-after` wait honoured, in seconds. Default 60. A 429 / 5xx asking for longer is not
   * retried: its criteria get `PROVIDER_429` (etc.) at once and the run moves on.
   */
  maxRetryWaitSeconds?: number | undefined;
  /** Default `transcript`: one call scores every judged criterion. */
  callPer?: CallPer | undefined;
  /** Sampling temperature. Default 0 (deterministic as the model allows). */
  temperature?: number | undefined;
  /** Output token budget of one call. Default 4096 (doubled once when an answer is cut off). */
  maxOutputTokens?: number | undefined;
  /**
   * Kinds of personal data replaced by placeholders before a transcript is sent (the rubric's `redact:`).
   * Default: every kind ({@link DEFAULT_REDACT_TYPES}); `[]` sends the text as it is.
   */
  redactTypes?: readonly RedactType[] | undefined;
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
 * Builds the model judge for `openai:<model>` or `anthropic:<model>`. Checks everything that can be checked
 * before work starts: a missing key is a `UsageError` with code `JUDGE_KEY_MISSING` (exit 2), bad settings
 * are `JUDGE_OPTION_INVALID`. For an OpenAI-compatible server at a base URL other than api.openai.com, a
 * missing `OPENAI_API_KEY` is allowed (a placeholder key is sent).
 */
export function createLlmJudge(provider: LlmProviderName, model: string, spec: string, settings: LlmJudgeSettings = {}): LlmJudge {
  const env = settings.env ?? process.env;
  if (!model.trim()) throw new UsageError(`judge "${spec}" names no model: use ${provider}:<model>, e.g. ${example(provider)}`, 'JUDGE_UNKNOWN');
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
        `judge "${spec}" needs an API key: set ${keyVar} in the environment` +
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
    name: spec,
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

function example(provider: LlmProviderName): string {
  return provider === 'openai' ? 'openai:gpt-4.1-mini' : 'anthropic:claude-sonnet-4-5';
}
