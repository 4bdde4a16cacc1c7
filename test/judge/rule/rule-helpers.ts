import { parseRubric } from '../../../src/rubric/load.js';
import type { RuleCriterion } from '../../../src/rubric/schema.js';

/** A rule criterion from the YAML of its `rule:` block (indented 6 spaces). */
export function ruleFromYaml(yaml: string): RuleCriterion {
  const r = parseRubric(`id: r\nversion: 1\ntitle: R\ncriteria:\n  - id: c\n    title: C\n    kind: rule\n    rule:\n${yaml}`, 'r.yaml').rubric;
  return r.criteria[0] as RuleCriterion;
}
