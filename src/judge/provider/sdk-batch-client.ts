import type { Redactor } from '../llm/redact-secrets.js';
import { cappedLimits, PROVIDER_BATCH_LIMITS, type BatchLimits, type BatchProvider } from './batch-client.js';
import { callSdk, sdkErrorFacts, toProviderCallError, type ProviderCallError, type SdkApiError, type SdkErrors } from './provider-error.js';

/**
 * The part both batch clients share: the provider's SDK client and redactor, the size limits
 * ({@link PROVIDER_BATCH_LIMITS}, lowered by `limits`: tests, or smaller batches by choice), and every SDK call through {@link callSdk}.
 */
export abstract class SdkBatchClient<Provider extends BatchProvider, Client, E extends SdkApiError> {
  readonly limits: BatchLimits;

  constructor(
    readonly provider: Provider,
    private readonly errors: SdkErrors<E>,
    protected readonly client: Client,
    protected readonly redact: Redactor,
    limits: Partial<BatchLimits>,
  ) {
    this.limits = cappedLimits(PROVIDER_BATCH_LIMITS[provider], limits);
  }

  /** Runs one SDK call; a failure (after the SDK's own retries) becomes a redacted `ProviderCallError`. */
  protected sdk<T>(call: () => Promise<T>): Promise<T> {
    return callSdk(this.provider, this.errors, this.redact, call);
  }

  /** The redacted `ProviderCallError` of an SDK failure outside {@link sdk} (e.g. while streaming results). */
  protected callError(err: unknown): ProviderCallError {
    return toProviderCallError(this.provider, sdkErrorFacts(err, this.errors), this.redact);
  }
}
