import { describe, expect, it } from 'vitest';
import safeRegex from 'safe-regex2';
import { loadRubricFile } from '../../../../src/rubric/load.js';
import type { RuleSpec } from '../../../../src/rubric/rule-schema.js';

function patternsOf(rule: RuleSpec): string[] {
  if (rule.check === 'must_include' || rule.check === 'must_not_include') return rule.patterns;
  if (rule.check === 'action_sequence') return Object.values(rule.actions).flatMap((a) => a.patterns);
  if (rule.check === 'sensitive_data') return rule.allow;
  return [];
}

describe('shipped rubric patterns', () => {
  it.each(['governance', 'support-qa'])('%s: every pattern is linear-time (safe-regex2: no nested quantifiers) and uses no lookbehind', (name) => {
    const { rubric } = loadRubricFile(new URL(`../../../../rubrics/${name}.yaml`, import.meta.url).pathname);
    const patterns = rubric.criteria.flatMap((c) => (c.kind === 'rule' ? patternsOf(c.rule) : []));
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) {
      expect({ pattern: p, safe: safeRegex(p) }).toEqual({ pattern: p, safe: true });
      expect(p).not.toMatch(/\(\?<[!=]/);
    }
  });
});
