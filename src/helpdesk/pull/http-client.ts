import { setTimeout as sleep } from 'node:timers/promises';
import { CxqaError } from '../../error/cxqa-error.js';

/** An HTTP failure talking to a helpdesk API. Never carries the credentials; names the path and request id. */
export class PullHttpError extends CxqaError {
  constructor(
    code: string,
    message: string,
    readonly status: number | undefined,
    readonly requestId: string | undefined,
    readonly body: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Auth and API-version headers (never logged). */
  headers: Record<string, string>;
  /** Longest single wait for a 429 `Retry-After` (ms); a longer one is waited this long, then retried. */
  maxWaitMs: number;
  /** Attempts per request for 429, 5xx and network errors. */
  maxAttempts?: number;
  /** First back-off after a 5xx or network error (ms), doubled each time. */
  retryBaseMs?: number;
  timeoutMs?: number;
  /** Told about each wait, e.g. `rate limited by zendesk: waiting 12 s (Retry-After)`. */
  onWait?: (message: string) => void;
  vendor: string;
}

export interface JsonResponse {
  body: unknown;
  headers: Headers;
  status: number;
}

/**
 * A small JSON client over Node's `fetch`: auth headers on every request, only to the configured origin (a
 * `next` link pointing elsewhere is refused, so a token never leaves for another host), 429 answered by
 * waiting `Retry-After` (seconds or an HTTP date) or Intercom's `X-RateLimit-Reset`, capped at `maxWaitMs`,
 * and 5xx / network errors retried with exponential back-off.
 */
export class HttpClient {
  private readonly origin: string;

  constructor(private readonly opts: HttpClientOptions) {
    this.origin = new URL(opts.baseUrl).origin;
  }

  url(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.opts.baseUrl.endsWith('/') ? this.opts.baseUrl : `${this.opts.baseUrl}/`);
    if (url.origin !== this.origin) {
      throw new PullHttpError('PULL_FOREIGN_URL', `${this.opts.vendor} pointed to ${url.origin}, not ${this.origin}: refusing to send credentials there`, undefined, undefined, undefined);
    }
    return url;
  }

  async get(pathOrUrl: string): Promise<JsonResponse> {
    return this.request('GET', pathOrUrl);
  }

  async post(pathOrUrl: string, body: unknown): Promise<JsonResponse> {
    return this.request('POST', pathOrUrl, body);
  }

  private async request(method: string, pathOrUrl: string, body?: unknown): Promise<JsonResponse> {
    const url = this.url(pathOrUrl);
    const where = `${method} ${url.pathname}`;
    const attempts = this.opts.maxAttempts ?? 6;
    let backoff = this.opts.retryBaseMs ?? 1000;
    for (let attempt = 1; ; attempt += 1) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...this.opts.headers },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
        });
      } catch (err) {
        if (attempt >= attempts) {
          throw new PullHttpError('PULL_NETWORK', `${this.opts.vendor} ${where}: ${(err as Error).message} (after ${attempt} attempts)`, undefined, undefined, undefined, { cause: err });
        }
        this.opts.onWait?.(`${this.opts.vendor} ${where}: ${(err as Error).message}; retrying in ${seconds(backoff)}`);
        await sleep(backoff);
        backoff *= 2;
        continue;
      }
      const requestId = res.headers.get('x-request-id') ?? res.headers.get('x-zendesk-request-id') ?? res.headers.get('x-intercom-request-id') ?? undefined;
      if (res.ok) {
        const text = await res.text();
        try {
          return { body: text === '' ? undefined : JSON.parse(text), headers: res.headers, status: res.status };
        } catch (err) {
          throw new PullHttpError('PULL_BAD_JSON', `${this.opts.vendor} ${where}: the answer is not JSON (${(err as Error).message})`, res.status, requestId, text.slice(0, 200));
        }
      }
      const text = await res.text().catch(() => '');
      const retryable = res.status === 429 || res.status >= 500;
      if (retryable && attempt < attempts) {
        const wait = res.status === 429 ? (rateLimitWait(res.headers) ?? backoff) : backoff;
        const capped = Math.min(wait, this.opts.maxWaitMs);
        this.opts.onWait?.(
          res.status === 429
            ? `rate limited by ${this.opts.vendor} (${where}): waiting ${seconds(capped)}${capped < wait ? ` (asked ${seconds(wait)}, capped by --max-wait)` : ''}`
            : `${this.opts.vendor} ${where} answered ${res.status}${requestId ? ` (request ${requestId})` : ''}; retrying in ${seconds(capped)}`,
        );
        await sleep(capped);
        if (res.status !== 429) backoff *= 2;
        continue;
      }
      const hint = res.status === 401 || res.status === 403 ? ' — check the token and account in the environment' : '';
      throw new PullHttpError(
        res.status === 429 ? 'PULL_RATE_LIMITED' : res.status >= 500 ? 'PULL_SERVER' : 'PULL_HTTP',
        `${this.opts.vendor} ${where} answered ${res.status}${requestId ? ` (request ${requestId})` : ''}${retryable ? ` after ${attempt} attempts` : ''}${hint}: ${summary(text)}`,
        res.status,
        requestId,
        text.slice(0, 2000),
      );
    }
  }
}

/** Milliseconds to wait from `Retry-After` (seconds or HTTP date) or `X-RateLimit-Reset` (Unix seconds). */
export function rateLimitWait(headers: Headers, now = Date.now()): number | undefined {
  const after = headers.get('retry-after');
  if (after !== null) {
    if (/^\d+(?:\.\d+)?$/.test(after.trim())) return Math.ceil(Number(after) * 1000);
    const at = Date.parse(after);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function summary(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine || '(no body)';
}
