import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { SdkErrors } from '../provider-error.js';

/** The Anthropic SDK's error classes; its `APIError` has the error `type`. */
export const ANTHROPIC_ERRORS: SdkErrors<APIError> = {
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  errorType: (err) => err.type,
};
