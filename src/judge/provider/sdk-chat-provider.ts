import { guardedFetch } from './guarded-fetch.js';
import type { ProviderSettings } from './model-provider.js';
import { redactingLogger } from './sdk-logger.js';

/**
 * The options both SDK clients are built with: key, base URL, per-request timeout, the SDK's retries, cxqa's
 * guarded fetch (whole-request timeout, capped `retry-after` waits) and a logger that redacts secrets.
 */
export function sdkClientOptions(provider: 'openai' | 'anthropic', settings: ProviderSettings) {
  return {
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    fetch: guardedFetch({ timeoutMs: settings.timeoutMs, maxRetryWaitMs: settings.maxRetryWaitMs ?? 60_000 }),
    logger: redactingLogger(provider, settings.redact),
  };
}

/** What both SDK client constructors take. */
export type SdkClientOptions = ReturnType<typeof sdkClientOptions>;

/**
 * The part both chat providers share: their settings, model, base URL and SDK client (built with
 * {@link sdkClientOptions}; the batch client of the same provider reuses it).
 */
export abstract class SdkChatProvider<Client> {
  readonly model: string;
  readonly baseURL: string | undefined;
  protected readonly settings: ProviderSettings;
  protected readonly client: Client;

  constructor(provider: 'openai' | 'anthropic', settings: ProviderSettings, createClient: (options: SdkClientOptions) => Client) {
    this.settings = settings;
    this.model = settings.model;
    this.baseURL = settings.baseURL;
    this.client = createClient(sdkClientOptions(provider, settings));
  }

  /** The SDK client (shared with the provider's batch client: same key, base URL, timeout and retries). */
  get sdk(): Client {
    return this.client;
  }
}
