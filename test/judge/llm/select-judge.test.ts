import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/error/cxqa-error.js';
import { selectJudge, type JudgeOptions } from '../../../src/judge/select-judge.js';
import { FAKE_KEY } from './llm-fixtures.js';

const withKeys: JudgeOptions = { env: { OPENAI_API_KEY: FAKE_KEY, ANTHROPIC_API_KEY: FAKE_KEY } };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).code;
  }
  return undefined;
}

describe('selectJudge', () => {
  it('builds offline, openai and anthropic judges named by their spec', () => {
    expect(selectJudge('offline').name).toMatch(/^offline/);
    expect(selectJudge(' openai:gpt-4.1-mini ', withKeys).name).toBe('openai:gpt-4.1-mini');
    expect(selectJudge('anthropic:claude-sonnet-4-5', withKeys).name).toBe('anthropic:claude-sonnet-4-5');
  });

  it('raises stable usage errors before any work', () => {
    expect(codeOf(() => selectJudge('gemini:pro', withKeys))).toBe('JUDGE_UNKNOWN');
    expect(codeOf(() => selectJudge('openai:', withKeys))).toBe('JUDGE_UNKNOWN');
    expect(codeOf(() => selectJudge('openai:gpt-4.1-mini', { env: {} }))).toBe('JUDGE_KEY_MISSING');
    expect(codeOf(() => selectJudge('anthropic:claude', { env: {}, baseUrl: 'http://127.0.0.1:1' }))).toBe('JUDGE_KEY_MISSING');
    expect(codeOf(() => selectJudge('openai:gpt-4.1-mini', { env: {}, baseUrl: 'https://api.openai.com/v1' }))).toBe('JUDGE_KEY_MISSING');
    expect(codeOf(() => selectJudge('anthropic:claude', { ...withKeys, temperature: 1.5 }))).toBe('JUDGE_OPTION_INVALID');
    expect(codeOf(() => selectJudge('openai:m', { ...withKeys, baseUrl: 'localhost:11434' }))).toBe('JUDGE_OPTION_INVALID');
  });

  it('allows a missing OPENAI_API_KEY for a local OpenAI-compatible server', () => {
    expect(selectJudge('openai:llama3.1', { env: {}, baseUrl: 'http://localhost:11434/v1' }).name).toBe('openai:llama3.1');
    expect(selectJudge('openai:llama3.1', { env: { OPENAI_BASE_URL: 'http://localhost:8000/v1' } }).name).toBe('openai:llama3.1');
  });

  it('has a fingerprint that follows every setting that changes the output, and never contains the key', () => {
    const fp = (spec: string, o: JudgeOptions = {}) => selectJudge(spec, { ...withKeys, ...o }).fingerprint;
    const base = fp('openai:gpt-4.1-mini');
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(fp('openai:gpt-4.1-mini')).toBe(base);
    expect(selectJudge('openai:gpt-4.1-mini', { env: { OPENAI_API_KEY: 'another-key-123456' } }).fingerprint).toBe(base);
    for (const other of [
      fp('openai:gpt-4.1'),
      fp('anthropic:gpt-4.1-mini'),
      fp('openai:gpt-4.1-mini', { baseUrl: 'http://localhost:8000/v1' }),
      fp('openai:gpt-4.1-mini', { temperature: 0.5 }),
      fp('openai:gpt-4.1-mini', { maxOutputTokens: 1000 }),
      fp('openai:gpt-4.1-mini', { callPer: 'criterion' }),
    ]) {
      expect(other).not.toBe(base);
    }
    expect(fp('openai:gpt-4.1-mini', { timeoutSeconds: 5, maxRetries: 0 })).toBe(base);
    expect(base).not.toContain(FAKE_KEY);
  });
});
