import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FittedJudge } from '../../src/fit/fitted-judge.js';
import type { Judge } from '../../src/judge/judge.js';
import { selectJudge } from '../../src/judge/select-judge.js';
import { loadRubricFile, parseRubric } from '../../src/rubric/load.js';
import { fitKey, type StoredFit } from '../../src/store/fit-repository.js';
import { judgeStackOptions, selectCommandJudges } from '../../src/cli/judge-flags.js';
import { stackJudges } from '../../src/judge/build-judge-stack.js';
import { openDatabase } from '../../src/store/open-database.js';
import { rebuildJudge, storedJudgeSettings } from '../../src/run/batch/batch-judge-settings.js';
import { LlmJudge } from '../../src/judge/llm/llm-judge.js';
import { JudgeCacheRepository } from '../../src/store/judge-cache-repository.js';

/*
 * The judge fingerprints pinned. A fingerprint decides which stored results are reused and which cache entries
 * hit: a change that alters one silently turns every stored result into new work (or, worse, reuses results
 * made under other settings). A deliberate change (new prompts, a new offline judge version, a new answer format)
 * updates the value here in the same commit and says so.
 */
/** The offline judge's fingerprint (changes with every new offline judge version, on purpose). */
/** Revision 4 (2026-12-02, Auto-CSAT with VADER conversation sentiment and rejections); revision 3 was offline:v1:fed13beccb26beb8. */
const OFFLINE = 'offline:v1:12825e376da587ce';
const OPENAI = '99dd057dc4de45d19ce3759105f062522e27a60928d97b6874d08e20c3b47b79';
const ANTHROPIC = 'e4f4c4604d297d920679c8de7a938daeb0b4a9cd5b79cca69dab562f52e9edd5';
const PANEL = 'panel:cb93e1bec7b5b7e1b356120746be33a76fa78fdc613f0ef7e4cb9007a4f6b712';
const CLI = '10bf9f144faaea2ff3fbc17d53b8ece9c547f2d8945938db3b272b78b39187f0';

const KEYS = { OPENAI_API_KEY: 'test-key-SECRET-123', ANTHROPIC_API_KEY: 'test-key-SECRET-123' };

function fit(id: number, criterion: string): StoredFit {
  const row = {
    id,
    created_at: '2026-01-01T00:00:00.000Z',
    rubric_id: 'r',
    criterion_id: criterion,
    judge: 'x',
    judge_fingerprint: 'x',
    kind: 'isotonic' as const,
    source: 'test',
    labels: 10,
    model: { kind: 'isotonic', x: [1, 5], y: [1, 5] } as unknown as StoredFit['model'],
    cv: null,
  };
  return { ...row, key: fitKey({ ...row, model_json: JSON.stringify(row.model) }) };
}

/** The keys of fit(3, 'resolution') and fit(5, 'tone'): a hash of each fit, not its row id. */
const FITS = '+fit-d27eaad0f5bd+fit-244f15323758';

const withFit = (judge: Judge) => new FittedJudge(judge, [fit(3, 'resolution'), fit(5, 'tone')]);

const RUBRIC_WITH_JUDGE = `
id: fp
title: Fingerprint rubric
version: 1
judge:
  name: openai:gpt-4.1-mini
  base_url: http://127.0.0.1:11434/v1
  temperature: 0.3
  max_output_tokens: 2048
redact: [email, card]
criteria:
  - id: resolution
    title: Resolution
    kind: binary
    question: Was the issue resolved?
`;

describe('judge fingerprints (pinned)', () => {
  beforeEach(() => {
    vi.stubEnv('OPENAI_BASE_URL', '');
    vi.stubEnv('ANTHROPIC_BASE_URL', '');
    vi.stubEnv('OPENAI_API_KEY', KEYS.OPENAI_API_KEY);
    vi.stubEnv('ANTHROPIC_API_KEY', KEYS.ANTHROPIC_API_KEY);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('the offline, OpenAI, Anthropic and panel judges, with and without a fit', () => {
    const offline = selectJudge('offline');
    const openai = selectJudge('openai:gpt-4.1-mini', { env: KEYS });
    const anthropic = selectJudge('anthropic:claude-sonnet-4-5', { env: KEYS });
    const panel = selectJudge('openai:gpt-4.1-mini, anthropic:claude-sonnet-4-5', { env: KEYS });
    const openaiTuned = selectJudge('openai:llama3.1', {
      env: {},
      baseUrl: 'http://127.0.0.1:11434/v1',
      temperature: 0.5,
      maxOutputTokens: 1000,
      callPer: 'criterion',
      redactTypes: ['phone', 'email'],
      timeoutSeconds: 30,
      maxRetries: 1,
      maxRetryWaitSeconds: 5,
    });
    const got = {
      offline: offline.fingerprint,
      offlineFitted: withFit(offline).fingerprint,
      openai: openai.fingerprint,
      openaiFitted: withFit(openai).fingerprint,
      openaiTuned: openaiTuned.fingerprint,
      anthropic: anthropic.fingerprint,
      anthropicFitted: withFit(anthropic).fingerprint,
      panel: panel.fingerprint,
      panelFitted: withFit(panel).fingerprint,
      offlineV1: selectJudge('offline:v1').fingerprint,
    };
    expect(got).toEqual({
      offline: OFFLINE,
      offlineFitted: `${OFFLINE}${FITS}`,
      openai: OPENAI,
      openaiFitted: `${OPENAI}${FITS}`,
      openaiTuned: '8899fefb2fc8992af274c76d6e2bada325291420e8db12c3de4935a7d373ec37',
      anthropic: ANTHROPIC,
      anthropicFitted: `${ANTHROPIC}${FITS}`,
      panel: PANEL,
      panelFitted: `${PANEL}${FITS}`,
      offlineV1: OFFLINE,
    });
  });

  it('the CLI path: flags and the rubric judge block, and a batch judge rebuilt from its stored settings', () => {
    const rubric = parseRubric(RUBRIC_WITH_JUDGE, 'fp.yaml');
    const flags = { cache: true, timeout: 30, maxRetries: 1, callPer: 'criterion' as const };
    const db = openDatabase(':memory:');
    try {
      const { stack } = judgeStackOptions(flags);
      const members = selectCommandJudges(flags, rubric);
      const cli = stackJudges(members, { ...stack, cacheStore: new JudgeCacheRepository(db) });
      const panelMembers = selectCommandJudges({ ...flags, judge: 'openai:gpt-4.1-mini,anthropic:claude-sonnet-4-5,offline' }, rubric);
      const panel = stackJudges(panelMembers, { ...stack, cacheStore: new JudgeCacheRepository(db) });
      const llm = members[0] as LlmJudge;
      const settingsJson = JSON.stringify(storedJudgeSettings(llm));
      const rebuilt = rebuildJudge('openai:gpt-4.1-mini', settingsJson);
      const shipped = selectCommandJudges({ cache: true }, loadRubricFile('rubrics/support-qa.yaml'));
      const got = {
        cli: cli.fingerprint,
        cliPanel: panel.fingerprint,
        settingsJson,
        rebuilt: rebuilt.fingerprint,
        shippedRubric: shipped.map((m) => [m.name, m.fingerprint]),
      };
      expect(got).toEqual({
        cli: CLI,
        // Its offline member's fingerprint is part of it: revision 3 gave panel:8db97b4cfb65a21e8cbe16c7e446e3e762089d3573335a248702d741d00622ef.
        cliPanel: 'panel:86047368e6e9ad2d44a1bef893732f64cd59c532194ac3f609c6927faf9a148b',
        // The stored form of batch judge settings (`judge_settings_json`): snake_case, this key order.
        settingsJson:
          '{"base_url":"http://127.0.0.1:11434/v1","temperature":0.3,"max_output_tokens":2048,"call_per":"criterion","timeout_seconds":30,"max_retries":1,"redact_types":["email","card"]}',
        rebuilt: CLI,
        shippedRubric: [['offline:v1', OFFLINE]],
      });
    } finally {
      db.close();
    }
  });
});
