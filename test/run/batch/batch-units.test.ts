import { describe, expect, it } from 'vitest';
import { BATCH_PRICE_FACTOR, computeCost } from '../../../src/judge/cost/compute-cost.js';
import { customIdFor } from '../../../src/run/batch/custom-id.js';
import { providerCodeForAnthropicType, providerCodeForStatus } from '../../../src/judge/provider/provider-error.js';

describe('batch pricing', () => {
  it('bills a batch call at half the list price', () => {
    const price = { input: 2, cached_input: 1, output: 8 };
    const usage = { input_tokens: 1_000_000, cached_input_tokens: 500_000, output_tokens: 100_000 };
    expect(BATCH_PRICE_FACTOR).toBe(0.5);
    expect(computeCost(usage, price)).toBeCloseTo(2.3, 10);
    expect(computeCost(usage, price, { batch: true })).toBeCloseTo(1.15, 10);
  });
});

describe('custom_id', () => {
  it('fits Anthropic\'s pattern, is stable, and differs per work item', () => {
    const key = { transcriptId: 't 1/ü', contentHash: 'a'.repeat(64), rubricHash: 'b'.repeat(64), judge: 'openai:gpt-4.1-mini', criteria: ['tone', 'policy'] };
    const id = customIdFor(key);
    expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(customIdFor({ ...key, criteria: ['policy', 'tone'] })).toBe(id);
    expect(customIdFor({ ...key, criteria: ['tone'] })).not.toBe(id);
    expect(customIdFor({ ...key, judge: 'anthropic:claude-sonnet-4-5' })).not.toBe(id);
  });
});

describe('batch error codes', () => {
  it('match the synchronous PROVIDER_<status> codes', () => {
    expect(providerCodeForStatus(429)).toBe('PROVIDER_429');
    expect(providerCodeForStatus(undefined)).toBe('PROVIDER_ERROR');
    expect(providerCodeForAnthropicType('overloaded_error')).toBe('PROVIDER_529');
    expect(providerCodeForAnthropicType('invalid_request_error')).toBe('PROVIDER_400');
    expect(providerCodeForAnthropicType('something_new')).toBe('PROVIDER_ERROR');
  });
});
