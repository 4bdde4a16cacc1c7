/** A JSON Schema object as plain data. */
export type JsonSchema = { [key: string]: unknown };

/**
 * Keywords OpenAI strict mode (and several OpenAI-compatible servers) reject or ignore. Bounds are still
 * enforced where it matters: by enums in the schema and by zod when the answer is validated.
 */
const UNSUPPORTED = new Set([
  '$schema',
  '$id',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'default',
  'examples',
  'title',
  'patternProperties',
  'propertyNames',
]);

/**
 * Rewrites a JSON Schema (as `z.toJSONSchema` emits it) to satisfy OpenAI's strict structured outputs:
 * every object lists all its properties as required and forbids additional ones, unsupported keywords are
 * dropped, `const` becomes a one-value `enum`, and a numeric `enum` of whole numbers is typed `integer`.
 * Property order is kept (the model writes fields in schema order: rationale before value).
 */
export function toStrictJsonSchema(schema: JsonSchema): JsonSchema {
  return strictNode(schema) as JsonSchema;
}

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictNode);
  if (!node || typeof node !== 'object') return node;
  const input = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(input)) {
    if (UNSUPPORTED.has(key)) continue;
    if (key === 'const') {
      out['enum'] = [value];
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      const props: JsonSchema = {};
      for (const [name, sub] of Object.entries(value as JsonSchema)) props[name] = strictNode(sub);
      out[key] = props;
      continue;
    }
    out[key] = strictNode(value);
  }
  if (out['type'] === 'object' || out['properties'] !== undefined) {
    out['type'] = 'object';
    out['properties'] ??= {};
    out['required'] = Object.keys(out['properties'] as JsonSchema);
    out['additionalProperties'] = false;
  }
  const values = out['enum'];
  if (Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    out['type'] = 'integer';
  }
  return out;
}
