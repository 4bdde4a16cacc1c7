import { UsageError } from '../../error/cxqa-error.js';

/**
 * The member specs of a `--judge` value: `openai:a,anthropic:b` → [`openai:a`, `anthropic:b`]; a single spec
 * gives one member. Empty members and duplicates are usage errors (`JUDGE_PANEL_INVALID`).
 */
export function parsePanelSpec(spec: string): string[] {
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
