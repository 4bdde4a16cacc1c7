import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { OPENAI_ERRORS } from '../../../src/judge/provider/openai/openai-errors.js';
import { sdkErrorFacts, toProviderCallError } from '../../../src/judge/provider/provider-error.js';
import { createRedactor, redactSecrets } from '../../../src/judge/llm/redact-secrets.js';

describe('redactSecrets', () => {
  it('removes configured key values and key-shaped strings', () => {
    const text = 'key test-key-SECRET-123, sk-proj-abcDEF123456 and sk-ant-api03-XYZxyz-123_456; Authorization: Bearer abcdef123456';
    const out = redactSecrets(text, ['test-key-SECRET-123']);
    expect(out).not.toContain('test-key-SECRET-123');
    expect(out).not.toContain('sk-proj-abcDEF123456');
    expect(out).not.toContain('sk-ant-api03');
    expect(out).not.toContain('abcdef123456');
    expect(out).toContain('Bearer [REDACTED]');
  });
  it('leaves ordinary text and short values alone', () => {
    expect(redactSecrets('ask-me about the sk- prefix', ['abc'])).toBe('ask-me about the sk- prefix');
  });
  it('redacts x-api-key values echoed as JSON', () => {
    expect(redactSecrets('{"x-api-key":"whatever-secret-value"}')).toBe('{"x-api-key":"[REDACTED]"}');
  });
});

describe('provider errors', () => {
  it('get a stable code, the request id, and a message without the key', () => {
    const headers = new Headers({ 'x-request-id': 'req_42' });
    const err = APIError.generate(401, { error: { message: 'bad key Bearer test-key-SECRET-123', type: 'invalid_request_error', code: 'invalid_api_key' } }, undefined, headers);
    const out = toProviderCallError('openai', sdkErrorFacts(err, OPENAI_ERRORS), createRedactor(['test-key-SECRET-123']));
    expect(out.code).toBe('PROVIDER_401');
    expect(out.requestId).toBe('req_42');
    expect(out.message).not.toContain('test-key-SECRET-123');
    expect(out.message).toContain('(request req_42)');
    expect(out.message).toContain('[invalid_api_key]');
  });
});
