import { UsageError } from '../error/cxqa-error.js';
import type { Rubric } from '../rubric/schema.js';
import type { Judge } from './judge.js';
import { createLlmJudge, type LlmJudgeSettings } from './llm/create-llm-judge.js';
import { OfflineJudge } from './offline/offline-judge.js';
import { PanelJudge } from './panel/panel-judge.js';
import { parsePanelSpec } from './panel/parse-panel-spec.js';

/** Options of every judge a spec can name (the offline judge ignores them). */
export type JudgeOptions = LlmJudgeSettings;

/**
 * Builds the judge a `--judge` spec names: `offline`, `openai:<model>` or `anthropic:<model>`.
 * Everything that can be checked is checked here, before any work starts: an unknown spec
 * (`JUDGE_UNKNOWN`), a missing API key (`JUDGE_KEY_MISSING`) or a bad setting (`JUDGE_OPTION_INVALID`)
 * is a `UsageError` (exit 2).
 *
 * A comma-separated spec (`openai:a,anthropic:b`) is a {@link PanelJudge} of {@link selectSingleJudge} members
 * (empty or repeated members: `JUDGE_PANEL_INVALID`). This builds bare judges: `cxqa score` adds the cache,
 * cost and budget decorators around each member (see `buildJudgeStack`), so it calls this once per member.
 */
export function selectJudge(spec: string, options: JudgeOptions = {}): Judge {
  const name = spec.trim();
  if (name.includes(',')) return new PanelJudge(parsePanelSpec(name).map((member) => selectSingleJudge(member, options)));
  return selectSingleJudge(name, options);
}

/** Builds one judge (no panel) from its spec. */
export function selectSingleJudge(spec: string, options: JudgeOptions = {}): Judge {
  const name = spec.trim();
  if (name === 'offline' || name === 'offline:v1') return new OfflineJudge();
  const colon = name.indexOf(':');
  const provider = colon < 0 ? name : name.slice(0, colon);
  const model = colon < 0 ? '' : name.slice(colon + 1).trim();
  if (provider === 'openai' || provider === 'anthropic') return createLlmJudge(provider, model, `${provider}:${model}`, options);
  throw new UsageError(
    `unknown judge "${spec}": use "offline", "openai:<model>" (e.g. openai:gpt-4.1-mini) or "anthropic:<model>" (e.g. anthropic:claude-sonnet-4-5)`,
    'JUDGE_UNKNOWN',
  );
}

/**
 * The judge settings a rubric's `judge:` block contributes to one judge. They apply only when that judge is
 * one the rubric names (alone or in its panel), so a `--judge` for another model does not inherit them, and
 * `base_url` (meant for OpenAI-compatible servers) applies only to `openai:` judges. Flags win over these.
 */
export function rubricJudgeSettings(rubric: Rubric, spec: string): Pick<JudgeOptions, 'baseUrl' | 'temperature' | 'maxOutputTokens'> {
  const judge = rubric.judge;
  const name = spec.trim();
  if (!judge || !judge.name.split(',').some((member) => member.trim() === name)) return {};
  return {
    ...(judge.base_url !== undefined && name.startsWith('openai:') ? { baseUrl: judge.base_url } : {}),
    ...(judge.temperature !== undefined ? { temperature: judge.temperature } : {}),
    ...(judge.max_output_tokens !== undefined ? { maxOutputTokens: judge.max_output_tokens } : {}),
  };
}
