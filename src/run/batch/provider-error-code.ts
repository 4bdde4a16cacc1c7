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
