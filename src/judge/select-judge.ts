import type { Judge } from './judge.js';
import { parseJudgeSpec, type JudgeSpec } from './judge-spec.js';
import { createLlmJudge, type LlmJudgeSettings } from './llm/create-llm-judge.js';
import { OfflineJudge } from './offline/offline-judge.js';
import { PanelJudge } from './panel/panel-judge.js';

/** Options of every judge a spec can name (the offline judge ignores them). */
export type JudgeOptions = LlmJudgeSettings;

/**
 * Builds the judge a `--judge` spec names ({@link parseJudgeSpec}): `offline`, `openai:<model>`,
 * `anthropic:<model>`, or a {@link PanelJudge} of those for a comma-separated spec. Everything that can be
 * checked is checked here, before any work starts: a bad spec (`JUDGE_UNKNOWN`, `JUDGE_PANEL_INVALID`), a
 * missing API key (`JUDGE_KEY_MISSING`) or a bad setting (`JUDGE_OPTION_INVALID`) is a `UsageError` (exit 2).
 *
 * This builds bare judges: `cxqa score` adds the cache, cost and budget decorators around each member (see
 * `buildJudgeStack`), so it calls this once per member.
 */
export function selectJudge(spec: string | JudgeSpec, options: JudgeOptions = {}): Judge {
  const parsed = typeof spec === 'string' ? parseJudgeSpec(spec) : spec;
  switch (parsed.kind) {
    case 'offline':
      return new OfflineJudge();
    case 'model':
      return createLlmJudge(parsed, options);
    case 'panel':
      return new PanelJudge(parsed.members.map((member) => selectJudge(member, options)));
  }
}
