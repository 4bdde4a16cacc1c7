import { CxqaError } from '../../error/cxqa-error.js';
import type { Redactor } from '../llm/redact-secrets.js';
import { cappedWaitNote, RequestTimeoutError } from './guarded-fetch.js';

/**
 * The one place provider failures get their codes: SDK errors of synchronous and batch calls (both SDKs), HTTP
 * statuses of batch result lines, and Anthropic error types.
 *
 * A provider call that finally failed (after the SDK's own retries) is a {@link ProviderCallError}. `code` is
 * stable: `PROVIDER_<status>` for an HTTP error (`PROVIDER_429`, `PROVIDER_500`, `PROVIDER_529`, ...),
 * `PROVIDER_TIMEOUT`, `PROVIDER_CONNECTION`, `PROVIDER_ABORTED`, or `PROVIDER_ERROR` for anything else.
 * The message never contains a key: it is passed through the judge's redactor.
 */
/** `PROVIDER_<HTTP status>` or one of the named failures; batch results also carry their own per-request codes (`BATCH_RESULT_MISSING`, ...), so the class takes any string. */
export type ProviderErrorCode = `PROVIDER_${number}` | 'PROVIDER_TIMEOUT' | 'PROVIDER_CONNECTION' | 'PROVIDER_ABORTED' | 'PROVIDER_ERROR';

export class ProviderCallError extends CxqaError {
  readonly requestId: string | undefined;
  readonly status: number | undefined;

  constructor(code: string, message: string, details: { requestId?: string | null | undefined; status?: number | undefined } = {}) {
    super(code, message);
    this.requestId = details.requestId ?? undefined;
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

/** The fields cxqa reads of an SDK's `APIError` (the OpenAI and Anthropic SDKs share the shape). */
export interface SdkApiError {
  readonly status: number | undefined;
  readonly requestID?: string | null | undefined;
  readonly headers: Headers | undefined;
}

type ErrorClass<T = unknown> = abstract new (...args: never[]) => T;

/** An SDK's error classes, and where its `APIError` keeps the provider's error type. */
export interface SdkErrors<E extends SdkApiError> {
  APIError: ErrorClass<E>;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIUserAbortError: ErrorClass;
  errorType: (err: E) => string | null | undefined;
}

/** Classifies an error thrown by an SDK call (or by cxqa's guarded fetch under it). */
export function sdkErrorFacts<E extends SdkApiError>(err: unknown, sdk: SdkErrors<E>): SdkErrorFacts {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof RequestTimeoutError || (err as { cause?: unknown } | null)?.cause instanceof RequestTimeoutError) return { kind: 'timeout', message };
  if (err instanceof sdk.APIUserAbortError) return { kind: 'aborted', message };
  if (err instanceof sdk.APIConnectionTimeoutError) return { kind: 'timeout', message };
  if (err instanceof sdk.APIConnectionError) return { kind: 'connection', message };
  if (err instanceof sdk.APIError) {
    return { kind: 'http', status: err.status, type: sdk.errorType(err), requestId: err.requestID, message: message + cappedWaitNote(err.headers) };
  }
  return { kind: 'other', message };
}

/** The code of an SDK failure without an HTTP status. */
const KIND_CODES: Readonly<Record<SdkErrorFacts['kind'], ProviderErrorCode>> = {
  http: 'PROVIDER_ERROR',
  timeout: 'PROVIDER_TIMEOUT',
  connection: 'PROVIDER_CONNECTION',
  aborted: 'PROVIDER_ABORTED',
  other: 'PROVIDER_ERROR',
};

/** Turns the facts of an SDK error into a {@link ProviderCallError} with a stable code and a redacted message. */
export function toProviderCallError(provider: string, facts: SdkErrorFacts, redact: Redactor): ProviderCallError {
  const code = facts.kind === 'http' && facts.status !== undefined ? `PROVIDER_${facts.status}` : KIND_CODES[facts.kind];
  const type = facts.type ? ` [${facts.type}]` : '';
  const request = facts.requestId ? ` (request ${facts.requestId})` : '';
  // Redact first, then cut: a cut made first can leave a key fragment the redactor no longer recognises.
  const message = `${provider}: ${oneLine(redact(facts.message))}${redact(type)}${request}`;
  return new ProviderCallError(code, message, { requestId: facts.requestId, status: facts.status });
}

/**
 * Runs one SDK call; a failure (after the SDK's own retries) becomes a redacted {@link ProviderCallError}.
 * Every SDK call of the chat providers and batch clients goes through this.
 */
export async function callSdk<T, E extends SdkApiError>(provider: string, sdk: SdkErrors<E>, redact: Redactor, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toProviderCallError(provider, sdkErrorFacts(err, sdk), redact);
  }
}

/** The message of a failed batch request: `<provider>: <message> [<type>] (request <id>)`, redacted. */
export function batchErrorMessage(provider: string, message: string, type: string | null | undefined, requestId: string | undefined, redact: Redactor): string {
  return redact(`${provider}: ${message}${type ? ` [${type}]` : ''}${requestId ? ` (request ${requestId})` : ''}`);
}

/** HTTP status behind each Anthropic error type, so batch errors get the same `PROVIDER_<status>` codes as synchronous ones. */
const ANTHROPIC_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** `PROVIDER_<status>` for an HTTP status, `PROVIDER_ERROR` when there is none. */
export function providerCodeForStatus(status: number | null | undefined): string {
  return typeof status === 'number' && Number.isInteger(status) ? `PROVIDER_${status}` : 'PROVIDER_ERROR';
}

/** The code of an errored Anthropic batch result, from its error `type`. */
export function providerCodeForAnthropicType(type: string | null | undefined): string {
  return providerCodeForStatus(type ? ANTHROPIC_ERROR_STATUS[type] : undefined);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 500)}…` : flat;
}
