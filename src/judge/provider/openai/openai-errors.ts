import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { SdkErrors } from '../provider-error.js';

/** The OpenAI SDK's error classes; its `APIError` has the error `code` (else `type`). */
export const OPENAI_ERRORS: SdkErrors<APIError> = {
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  errorType: (err) => err.code ?? err.type,
};
