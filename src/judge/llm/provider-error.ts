import { CxqaError } from '../../error/cxqa-error.js';
import type { Redactor } from './redact-secrets.js';

/**
 * A provider call that finally failed (after the SDK's own retries). `code` is stable:
 * `PROVIDER_<status>` for an HTTP error (`PROVIDER_429`, `PROVIDER_500`, `PROVIDER_529`, ...),
 * `PROVIDER_TIMEOUT`, `PROVIDER_CONNECTION`, `PROVIDER_ABORTED`, or `PROVIDER_ERROR` for anything else.
 * The message never contains a key: it is passed through the judge's redactor.
 */
/** `PROVIDER_<HTTP status>` or one of the named failures; batch results also carry their own per-request codes (`BATCH_RESULT_MISSING`, ...), so the class takes any string. */
export type ProviderErrorCode = `PROVIDER_${number}` | 'PROVIDER_TIMEOUT' | 'PROVIDER_CONNECTION' | 'PROVIDER_ABORTED' | 'PROVIDER_ERROR';

export class ProviderCallError extends CxqaError {
  readonly request_id: string | undefined;
  readonly status: number | undefined;

  constructor(code: string, message: string, details: { requestId?: string | null | undefined; status?: number | undefined } = {}) {
    super(code, message);
    this.request_id = details.requestId ?? undefined;
    this.status = details.status;
  }
}

/** What a provider module knows about an SDK error, independent of which SDK threw it. */
export interface SdkErrorFacts {
  kind: 'http' | 'timeout' | 'connection' | 'aborted' | 'other';
  status?: number | undefined;
  /** Provider's error type or code, e.g. `rate_limit_error`, `rate_limit_exceeded`. */
  type?: string | null | undefined;
  requestId?: string | null | undefined;
  message: string;
}

/** Turns the facts of an SDK error into a {@link ProviderCallError} with a stable code and a redacted message. */
export function toProviderCallError(provider: string, facts: SdkErrorFacts, redact: Redactor): ProviderCallError {
  const code =
    facts.kind === 'http' && facts.status !== undefined
      ? `PROVIDER_${facts.status}`
      : facts.kind === 'timeout'
        ? 'PROVIDER_TIMEOUT'
        : facts.kind === 'connection'
          ? 'PROVIDER_CONNECTION'
          : facts.kind === 'aborted'
            ? 'PROVIDER_ABORTED'
            : 'PROVIDER_ERROR';
  const type = facts.type ? ` [${facts.type}]` : '';
  const request = facts.requestId ? ` (request ${facts.requestId})` : '';
  // Redact first, then cut: a cut made first can leave a key fragment the redactor no longer recognises.
  const message = `${provider}: ${oneLine(redact(facts.message))}${redact(type)}${request}`;
  return new ProviderCallError(code, message, { requestId: facts.requestId, status: facts.status });
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}
