import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRubricFile, parseRubric, RubricError } from '../../src/rubric/load.js';
import { rubricJsonSchema } from '../../src/rubric/json-schema.js';

function errorsOf(yaml: string): RubricError {
  try {
    parseRubric(yaml, 'r.yaml');
  } catch (err) {
    if (err instanceof RubricError) return err;
    throw err;
  }
  throw new Error('expected a RubricError');
}

const base = `id: demo
version: 1
title: Demo
criteria:
  - id: tone
    title: Tone
    kind: scale
    min: 1
    max: 3
    anchors: { 1: bad, 2: ok, 3: good }
`;

describe('rubric loading', () => {
  it('loads the shipped rubrics', () => {
    const qa = loadRubricFile('rubrics/support-qa.yaml');
    expect(qa.rubric.criteria.map((c) => c.id)).toEqual(
      expect.arrayContaining(['accuracy', 'policy_compliance', 'tone', 'actionability', 'resolution', 'auto_csat']),
    );
    const resolution = qa.rubric.criteria.find((c) => c.id === 'resolution');
    expect(resolution?.kind === 'category' && resolution.labels.map((l) => l.id)).toEqual(['resolved', 'escalated', 'unresolved', 'abandoned']);
    expect(qa.hash).toMatch(/^[0-9a-f]{64}$/);
    const gov = loadRubricFile('rubrics/governance.yaml');
    expect(gov.rubric.criteria.every((c) => c.kind === 'rule')).toBe(true);
  });

  it('applies defaults: weight 1, not critical, N/A not allowed', () => {
    const c = parseRubric(base, 'r.yaml').rubric.criteria[0]!;
    expect(c).toMatchObject({ weight: 1, critical: false, pass_score: 0.5, na: { allowed: false, score: 'exclude' } });
  });

  it('points a typo at its line and suggests the right field', () => {
    const err = errorsOf(base.replace('    min: 1', '    min: 1\n    wieght: 2'));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.location).toEqual({ file: 'r.yaml', line: 9, field: 'criteria[0].wieght' });
    expect(err.message).toBe('r.yaml:9 (field criteria[0].wieght): unknown field "wieght" (did you mean "weight"?)');
  });

  it('names file, line and field for a bad value and for a missing one', () => {
    const err = errorsOf(base.replace('kind: scale', 'kind: scal'));
    expect(err.issues[0]!.location).toMatchObject({ line: 7, field: 'criteria[0].kind' });
    const missing = errorsOf(base.replace('    title: Tone\n', ''));
    expect(missing.issues[0]!.location).toMatchObject({ field: 'criteria[0].title', line: 5 });
  });

  it('requires an anchor for every level and max > min', () => {
    const err = errorsOf(base.replace('anchors: { 1: bad, 2: ok, 3: good }', 'anchors: { 1: bad, 3: good, 7: huh }'));
    const messages = err.issues.map((i) => i.message);
    expect(messages.some((m) => m.includes('anchor 7 is not a level between 1 and 3'))).toBe(true);
    expect(messages.some((m) => m.includes('level 2 has no anchor'))).toBe(true);
    expect(errorsOf(base.replace('max: 3', 'max: 1')).message).toContain('max (1) must be greater than min (1)');
  });

  it('rejects duplicate ids, bad regular expressions and YAML syntax errors with lines', () => {
    const dup = `${base}  - id: tone\n    title: Again\n    kind: binary\n`;
    expect(errorsOf(dup).message).toContain('duplicate criterion id "tone"');
    const badRe = `${base}  - id: disclosure\n    title: D\n    kind: rule\n    rule:\n      check: must_include\n      patterns: ["(unclosed"]\n`;
    const reErr = errorsOf(badRe);
    expect(reErr.issues[0]!.location).toMatchObject({ field: 'criteria[1].rule.patterns[0]', line: 16 });
    expect(reErr.message).toContain('not a valid regular expression');
    const syntax = errorsOf('id: x\n  bad: [\n');
    expect(syntax.issues[0]!.code).toBe('RUBRIC_YAML');
    expect(syntax.issues[0]!.location.line).toBeGreaterThanOrEqual(1);
  });

  it('reports a missing file with its path', () => {
    expect(() => loadRubricFile('nope/missing.yaml')).toThrow('nope/missing.yaml: file not found');
  });

  it('keeps rubrics/rubric.schema.json in step with the zod schema', () => {
    const shipped = JSON.parse(readFileSync('rubrics/rubric.schema.json', 'utf8')) as unknown;
    expect(shipped).toEqual(rubricJsonSchema());
  });
});
