import { UsageError } from '../error/cxqa-error.js';
import { OFFLINE_JUDGE_NAME } from './offline/offline-judge.js';

/** Providers cxqa calls for model judges. */
export type ModelProviderName = 'openai' | 'anthropic';

/** The specs that name the offline judge. */
export const OFFLINE_SPECS: readonly string[] = ['offline', OFFLINE_JUDGE_NAME];

/** One judge a spec names: the offline judge or one model. `name` is the judge's name (stored with every verdict). */
export type MemberSpec = { kind: 'offline'; name: string } | { kind: 'model'; name: string; provider: ModelProviderName; model: string };

/** What a `--judge` value (or a rubric's `judge.name`) names: one judge, or a panel of several. */
export type JudgeSpec = MemberSpec | { kind: 'panel'; name: string; members: MemberSpec[] };

/**
 * Parses a judge spec: `offline`, `openai:<model>`, `anthropic:<model>`, or a comma-separated panel of those.
 * Usage errors (exit 2): an empty or repeated panel member (`JUDGE_PANEL_INVALID`), an unknown judge or a
 * provider without a model (`JUDGE_UNKNOWN`).
 */
export function parseJudgeSpec(spec: string): JudgeSpec {
  const members = panelMembers(spec).map(parseMemberSpec);
  if (members.length === 1) return members[0]!;
  return { kind: 'panel', name: members.map((m) => m.name).join(','), members };
}

/**
 * The member specs of a judge spec as written: `openai:a, anthropic:b` → [`openai:a`, `anthropic:b`]; a single
 * spec gives one member. Empty members and duplicates are usage errors (`JUDGE_PANEL_INVALID`); the members
 * themselves are not checked (see {@link parseJudgeSpec}).
 */
export function panelMembers(spec: string): string[] {
  const members = spec.split(',').map((s) => s.trim());
  if (members.some((m) => m === '')) {
    throw new UsageError(`judge panel "${spec}" has an empty member: write members separated by single commas`, 'JUDGE_PANEL_INVALID');
  }
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m)) throw new UsageError(`judge panel "${spec}" names ${m} twice: each member votes once`, 'JUDGE_PANEL_INVALID');
    seen.add(m);
  }
  return members;
}

/** Parses one judge (no panel): `offline`, `openai:<model>` or `anthropic:<model>`. */
export function parseMemberSpec(spec: string): MemberSpec {
  const name = spec.trim();
  if (OFFLINE_SPECS.includes(name)) return { kind: 'offline', name };
  const colon = name.indexOf(':');
  const provider = colon < 0 ? name : name.slice(0, colon);
  const model = colon < 0 ? '' : name.slice(colon + 1).trim();
  if (provider !== 'openai' && provider !== 'anthropic') {
    throw new UsageError(
      `unknown judge "${name}": use "offline", "openai:<model>" (e.g. openai:gpt-4.1-mini) or "anthropic:<model>" (e.g. anthropic:claude-sonnet-4-5)`,
      'JUDGE_UNKNOWN',
    );
  }
  if (!model) throw new UsageError(`judge "${provider}:" names no model: use ${provider}:<model>, e.g. ${exampleModel(provider)}`, 'JUDGE_UNKNOWN');
  return { kind: 'model', name: `${provider}:${model}`, provider, model };
}

/**
 * {@link parseJudgeSpec}, but `undefined` for a spec naming a judge cxqa does not know (where that is not the
 * error to report, e.g. batch mode, which says which judges it takes). A bad panel still throws.
 */
export function parseKnownJudgeSpec(spec: string): JudgeSpec | undefined {
  try {
    return parseJudgeSpec(spec);
  } catch (err) {
    if (err instanceof UsageError && err.code === 'JUDGE_UNKNOWN') return undefined;
    throw err;
  }
}

/** The member names of a spec without checking it (for matching a rubric's `judge.name` against a judge). */
export function memberNames(spec: string): string[] {
  return spec.split(',').map((m) => m.trim());
}

/** Offline judges (`offline`, `offline:v1`, ...) call no provider: no cost, no cache, no budget. */
export function isOfflineJudgeName(name: string): boolean {
  return name === 'offline' || name.startsWith('offline:');
}

function exampleModel(provider: ModelProviderName): string {
  return provider === 'openai' ? 'openai:gpt-4.1-mini' : 'anthropic:claude-sonnet-4-5';
}
