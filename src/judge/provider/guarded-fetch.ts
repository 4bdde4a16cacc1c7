/**
 * The `fetch` both SDKs are given. It adds the two guards the SDKs lack:
 *
 * - **The timeout covers the whole response.** The SDKs' `timeout` stops waiting for the response *headers*;
 *   a server that sends headers and then stalls, or drips the body a byte at a time, would hold a call
 *   forever. Here the body must also be complete within the same `timeoutMs` of the request start, or the
 *   request is aborted with a {@link RequestTimeoutError}.
 * - **Honoured waits are capped.** The SDKs sleep for whatever `retry-after` / `retry-after-ms` says
 *   (`Retry-After: 3600` is an hour, during which a SIGTERM cannot finish the run). A retryable answer that
 *   asks for a longer wait than `maxRetryWaitMs` is marked `x-should-retry: false` — a header both SDKs
 *   obey — so the call fails at once with its status (`PROVIDER_429`) and the run moves on.
 */

import { AsyncLocalStorage } from 'node:async_hooks';

/** The request took longer than the timeout, response body included. */
export class RequestTimeoutError extends Error {
  readonly code = 'PROVIDER_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`the response did not complete within the timeout (${timeoutMs / 1000} s, body included)`);
    this.name = 'RequestTimeoutError';
  }
}

/** Set on a response whose requested wait was over the cap: the wait asked for, in seconds. */
export const CAPPED_WAIT_HEADER = 'x-cxqa-retry-wait-capped';

export interface GuardedFetchOptions {
  /** The whole request, body included, milliseconds. */
  timeoutMs: number;
  /** The longest `retry-after` wait honoured, milliseconds. */
  maxRetryWaitMs: number;
  /** The underlying fetch (default: the global one). */
  fetch?: typeof fetch;
}

/** What an error message adds when the response's wait was over the cap (empty otherwise). */
export function cappedWaitNote(headers: Headers | undefined): string {
  const seconds = headers?.get(CAPPED_WAIT_HEADER);
  return seconds ? ` (not retried: the server asked to wait ${seconds} s, more than the --max-retry-wait cap)` : '';
}

/** Statuses the SDKs retry (and so the ones whose `retry-after` they sleep on). */
function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The wait a response asks for, milliseconds (`retry-after-ms`, then `retry-after` as seconds or an HTTP date), or undefined. */
export function requestedWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Number(ms);
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : date - now;
}

/** HTTP requests sent while a {@link countingRequests} callback runs. */
export interface RequestCounter {
  requests: number;
}

const requestCounter = new AsyncLocalStorage<RequestCounter>();

/**
 * Runs `fn` and counts in `counter` every HTTP request a guarded fetch sends while it runs, the SDK's own
 * retries included (a 500 retried once is two requests). Counters of concurrent calls stay apart: each call
 * runs in its own async context.
 */
export function countingRequests<T>(counter: RequestCounter, fn: () => Promise<T>): Promise<T> {
  return requestCounter.run(counter, fn);
}

export function guardedFetch(opts: GuardedFetchOptions): typeof fetch {
  const inner = opts.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const counter = requestCounter.getStore();
    if (counter) counter.requests += 1;
    const started = Date.now();
    const controller = new AbortController();
    const outer = init?.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    let response: Response;
    try {
      response = await inner(input, { ...init, signal: controller.signal });
    } catch (err) {
      outer?.removeEventListener('abort', forward);
      throw err;
    }
    const headers = new Headers(response.headers);
    const wait = isRetryable(response.status) ? requestedWaitMs(headers) : undefined;
    if (wait !== undefined && wait > opts.maxRetryWaitMs) {
      headers.set('x-should-retry', 'false');
      headers.set(CAPPED_WAIT_HEADER, String(Math.round(wait / 1000)));
    }
    const body = response.body;
    if (!body) {
      outer?.removeEventListener('abort', forward);
      return new Response(null, { status: response.status, statusText: response.statusText, headers });
    }
    const remaining = Math.max(0, opts.timeoutMs - (Date.now() - started));
    const timer = setTimeout(() => controller.abort(new RequestTimeoutError(opts.timeoutMs)), remaining);
    timer.unref?.();
    const done = () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    };
    const reader = body.getReader();
    const guarded = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        try {
          const { done: finished, value } = await reader.read();
          if (finished) {
            done();
            ctrl.close();
          } else ctrl.enqueue(value);
        } catch (err) {
          done();
          const reason = controller.signal.reason;
          ctrl.error(reason instanceof RequestTimeoutError ? reason : err);
        }
      },
      async cancel(reason) {
        done();
        await reader.cancel(reason).catch(() => undefined);
      },
    });
    return new Response(guarded, { status: response.status, statusText: response.statusText, headers });
  };
}
