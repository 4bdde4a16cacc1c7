import { describe, expect, it } from 'vitest';
import { loadRubricFile } from '../../../src/rubric/load.js';
import { splitCriteria } from '../../../src/run/evaluate-transcript.js';
import { verdictSchemaFor } from '../../../src/judge/llm/verdict-schema.js';
import { toStrictJsonSchema } from '../../../src/judge/llm/strict-json-schema.js';

const FORBIDDEN = ['$schema', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format', 'default', 'const', 'minItems'];

/** Checks OpenAI strict-mode rules at every level of a schema. */
function assertStrict(node: unknown, path = '$'): void {
  if (Array.isArray(node)) return node.forEach((n, i) => assertStrict(n, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  for (const key of FORBIDDEN) expect(o, `${path} has ${key}`).not.toHaveProperty(key);
  if (o['type'] === 'object') {
    expect(o['additionalProperties'], path).toBe(false);
    expect(o['required'], path).toEqual(Object.keys(o['properties'] as object));
  }
  for (const [k, v] of Object.entries(o)) assertStrict(v, `${path}.${k}`);
}

describe('verdict schema', () => {
  const loaded = loadRubricFile('rubrics/support-qa.yaml');
  const { judged } = splitCriteria(loaded.rubric);

  it('builds a strict-mode JSON Schema for the support-qa rubric', () => {
    const schema = verdictSchemaFor(loaded.hash, judged);
    assertStrict(schema.jsonSchema);
    const verdicts = (schema.jsonSchema as any).properties.verdicts.properties;
    expect(Object.keys(verdicts)).toEqual(judged.map((c) => c.id));
    expect(verdicts.accuracy.properties.value).toEqual({ type: 'integer', enum: [1, 2, 3, 4, 5] });
    expect(verdicts.policy_compliance.properties.value).toEqual({ type: 'string', enum: ['pass', 'fail'] });
    expect(verdicts.resolution.properties.value.enum).toEqual(['resolved', 'escalated', 'unresolved', 'abandoned']);
    // N/A only where allowed, and then value is nullable.
    expect(Object.keys(verdicts.actionability.properties)).toEqual(['rationale', 'value', 'na', 'evidence']);
    expect(verdicts.actionability.properties.value.anyOf).toContainEqual({ type: 'null' });
    expect(Object.keys(verdicts.accuracy.properties)).toEqual(['rationale', 'value', 'evidence']);
    expect(verdicts.accuracy.properties.evidence.items.properties.message).toEqual({ type: 'integer', description: expect.any(String) });
  });

  it('is cached per rubric hash and criterion set', () => {
    expect(verdictSchemaFor(loaded.hash, judged)).toBe(verdictSchemaFor(loaded.hash, judged));
    expect(verdictSchemaFor(loaded.hash, judged.slice(0, 1))).not.toBe(verdictSchemaFor(loaded.hash, judged));
  });

  it('validates answers with zod per criterion', () => {
    const schema = verdictSchemaFor(loaded.hash, judged);
    const accuracy = schema.criteria.get('accuracy')!;
    expect(accuracy.safeParse({ rationale: 'r', value: 5, evidence: [] }).success).toBe(true);
    expect(accuracy.safeParse({ rationale: 'r', value: 6, evidence: [] }).success).toBe(false);
    expect(accuracy.safeParse({ rationale: 'r', value: 5, evidence: [], extra: 1 }).success).toBe(false);
    expect(accuracy.safeParse({ rationale: 'r', value: 2.5, evidence: [] }).success).toBe(false);
  });
});

describe('toStrictJsonSchema', () => {
  it('requires every property, forbids extra ones, drops unsupported keywords and turns const into enum', () => {
    const out = toStrictJsonSchema({
      $schema: 'x',
      type: 'object',
      properties: { a: { type: 'string', minLength: 1 }, b: { const: 'k' }, c: { type: 'number', enum: [1, 2] } },
      required: ['a'],
    });
    expect(out).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { enum: ['k'] }, c: { type: 'integer', enum: [1, 2] } },
      required: ['a', 'b', 'c'],
      additionalProperties: false,
    });
  });
});
