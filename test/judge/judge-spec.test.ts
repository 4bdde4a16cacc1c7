import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/error/cxqa-error.js';
import { parseStoredJudgeSettings, rubricJudgeSettings, toStoredJudgeSettings } from '../../src/judge/judge-settings.js';
import { isOfflineJudgeName, panelMembers, parseJudgeSpec, parseKnownJudgeSpec } from '../../src/judge/judge-spec.js';
import { parseRubric } from '../../src/rubric/load.js';
import { assertBatchModeSupported } from '../../src/cli/batch-score.js';
import { rebuildJudge } from '../../src/run/batch/batch-judge-settings.js';

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    return { code: (err as UsageError).code, message: (err as Error).message };
  }
  throw new Error('expected an error');
}

describe('parseJudgeSpec', () => {
  it('names one offline or model judge, or a panel of them', () => {
    expect(parseJudgeSpec('offline')).toEqual({ kind: 'offline', name: 'offline' });
    expect(parseJudgeSpec(' offline:v1 ')).toEqual({ kind: 'offline', name: 'offline:v1' });
    expect(parseJudgeSpec(' openai: gpt-4.1-mini ')).toEqual({ kind: 'model', name: 'openai:gpt-4.1-mini', provider: 'openai', model: 'gpt-4.1-mini' });
    expect(parseJudgeSpec('openai:a, anthropic:b,offline')).toEqual({
      kind: 'panel',
      name: 'openai:a,anthropic:b,offline',
      members: [
        { kind: 'model', name: 'openai:a', provider: 'openai', model: 'a' },
        { kind: 'model', name: 'anthropic:b', provider: 'anthropic', model: 'b' },
        { kind: 'offline', name: 'offline' },
      ],
    });
  });

  it('says what is wrong with a bad spec, with a stable code', () => {
    expect(errorOf(() => parseJudgeSpec('gemini:pro'))).toEqual({
      code: 'JUDGE_UNKNOWN',
      message: 'unknown judge "gemini:pro": use "offline", "openai:<model>" (e.g. openai:gpt-4.1-mini) or "anthropic:<model>" (e.g. anthropic:claude-sonnet-4-5)',
    });
    expect(errorOf(() => parseJudgeSpec('anthropic:'))).toEqual({
      code: 'JUDGE_UNKNOWN',
      message: 'judge "anthropic:" names no model: use anthropic:<model>, e.g. anthropic:claude-sonnet-4-5',
    });
    expect(errorOf(() => parseJudgeSpec('openai'))).toMatchObject({ code: 'JUDGE_UNKNOWN', message: expect.stringContaining('judge "openai:" names no model') });
    expect(errorOf(() => parseJudgeSpec('openai:a,,offline'))).toMatchObject({ code: 'JUDGE_PANEL_INVALID', message: expect.stringContaining('has an empty member') });
    expect(errorOf(() => parseJudgeSpec('openai:a, openai:a'))).toMatchObject({ code: 'JUDGE_PANEL_INVALID', message: expect.stringContaining('names openai:a twice') });
    // Every member is checked: an unknown one in a panel is named.
    expect(errorOf(() => parseJudgeSpec('openai:a,gemini:b'))).toMatchObject({ code: 'JUDGE_UNKNOWN', message: expect.stringContaining('"gemini:b"') });
  });

  it('panelMembers splits without judging the members; parseKnownJudgeSpec tells an unknown judge apart', () => {
    expect(panelMembers(' fake:a , fake:b ')).toEqual(['fake:a', 'fake:b']);
    expect(parseKnownJudgeSpec('gemini:pro')).toBeUndefined();
    expect(() => parseKnownJudgeSpec('openai:a,,b')).toThrow(expect.objectContaining({ code: 'JUDGE_PANEL_INVALID' }));
    expect(isOfflineJudgeName('offline:v1')).toBe(true);
    expect(isOfflineJudgeName('openai:offline')).toBe(false);
  });

  it('batch mode takes exactly one model judge', () => {
    for (const spec of ['offline', 'gemini:pro', 'openai:', 'openai:a,anthropic:b']) {
      expect(errorOf(() => assertBatchModeSupported(spec)).code).toBe('BATCH_JUDGE_UNSUPPORTED');
    }
    expect(errorOf(() => assertBatchModeSupported('openai:a,,b')).code).toBe('JUDGE_PANEL_INVALID');
    expect(() => assertBatchModeSupported('anthropic:claude-sonnet-4-5')).not.toThrow();
  });
});

describe('judge settings', () => {
  it('the stored form is snake_case with base_url always present, and reads back to the same settings', () => {
    const settings = { temperature: 0.3, callPer: 'criterion' as const, maxRetries: 1, redactTypes: ['email' as const], maxRetryWaitSeconds: 5 };
    const stored = toStoredJudgeSettings(settings, undefined);
    expect(stored).toEqual({ base_url: null, temperature: 0.3, call_per: 'criterion', max_retries: 1, redact_types: ['email'] });
    expect(parseStoredJudgeSettings(JSON.parse(JSON.stringify(stored)))).toEqual({
      ok: true,
      settings: { temperature: 0.3, callPer: 'criterion', maxRetries: 1, redactTypes: ['email'] },
    });
    expect(parseStoredJudgeSettings({ base_url: 'http://127.0.0.1:1/v1' })).toEqual({ ok: true, settings: { baseUrl: 'http://127.0.0.1:1/v1' } });
  });

  it('stored settings that cannot be read are a batch error naming the field, not a crash', () => {
    expect(parseStoredJudgeSettings({ base_url: null, call_per: 'sometimes' })).toMatchObject({ ok: false, error: expect.stringContaining('call_per') });
    expect(errorOf(() => rebuildJudge('openai:m', '{"base_url":null,"max_retries":"two"}'))).toMatchObject({
      code: 'BATCH_JUDGE_UNSUPPORTED',
      message: expect.stringContaining('max_retries'),
    });
    expect(errorOf(() => rebuildJudge('openai:m', 'not json'))).toMatchObject({ code: 'BATCH_JUDGE_UNSUPPORTED', message: expect.stringContaining('cannot be read') });
    expect(errorOf(() => rebuildJudge('offline', '{}')).code).toBe('BATCH_JUDGE_UNSUPPORTED');
  });

  it("a rubric's judge block applies to the judges it names; its redact list to every judge", () => {
    const { rubric } = parseRubric(
      `id: r\ntitle: R\nversion: 1\njudge:\n  name: openai:a, anthropic:b\n  base_url: http://127.0.0.1:1/v1\n  temperature: 0.2\nredact: [email]\ncriteria:\n  - id: c\n    title: C\n    kind: binary\n    question: Q?\n`,
      'r.yaml',
    );
    expect(rubricJudgeSettings(rubric, 'openai:a')).toEqual({ baseUrl: 'http://127.0.0.1:1/v1', temperature: 0.2, redactTypes: ['email'] });
    expect(rubricJudgeSettings(rubric, 'anthropic:b')).toEqual({ temperature: 0.2, redactTypes: ['email'] });
    expect(rubricJudgeSettings(rubric, 'openai:other')).toEqual({ redactTypes: ['email'] });
  });
});
