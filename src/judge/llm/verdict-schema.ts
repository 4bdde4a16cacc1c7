import { z } from 'zod';
import type { JudgedCriterion } from '../../rubric/schema.js';
import { toStrictJsonSchema, type JsonSchema } from './strict-json-schema.js';

/** Name of the structured output: the OpenAI `json_schema.name` and the Anthropic tool name. */
export const VERDICTS_TOOL_NAME = 'record_verdicts';

const evidenceItemSchema = z.strictObject({
  message: z.int().describe('Number of the message quoted, as shown in [brackets].'),
  quote: z.string().describe('Text copied exactly from that message.'),
});

/** The allowed values of one criterion: levels (as an enum of whole numbers), labels, or pass/fail. */
function valueSchema(c: JudgedCriterion): z.ZodType {
  if (c.kind === 'scale') {
    const levels: number[] = [];
    for (let level = c.min; level <= c.max; level++) levels.push(level);
    return z.literal(levels as [number, ...number[]]);
  }
  if (c.kind === 'binary') return z.enum(['pass', 'fail']);
  return z.enum(c.labels.map((l) => l.id) as [string, ...string[]]);
}

/**
 * The answer schema of one criterion. Property order matters: `rationale` first, so the model reasons
 * before it commits to a value. `na` exists only where the rubric allows N/A, and then `value` is nullable.
 */
export function criterionAnswerSchema(c: JudgedCriterion): z.ZodType {
  const value = valueSchema(c);
  return c.na.allowed
    ? z.strictObject({ rationale: z.string(), value: value.nullable(), na: z.boolean(), evidence: z.array(evidenceItemSchema) })
    : z.strictObject({ rationale: z.string(), value, evidence: z.array(evidenceItemSchema) });
}

/** The parsed answer of one criterion. */
export interface CriterionAnswer {
  rationale: string;
  value: number | string | null;
  na?: boolean;
  evidence: { message: number; quote: string }[];
}

/** Answer schemas of one call: zod per criterion (to validate each on its own) and strict JSON Schema for the provider. */
export interface VerdictSchema {
  /** One zod schema per criterion id, used to validate (and salvage) criteria one by one. */
  criteria: ReadonlyMap<string, z.ZodType>;
  /** The whole answer, `{ verdicts: { <id>: {...} } }`. */
  zod: z.ZodType;
  /** {@link zod} as JSON Schema for OpenAI strict mode and Anthropic tool input. */
  jsonSchema: JsonSchema;
}

const cache = new Map<string, VerdictSchema>();
const CACHE_LIMIT = 256;

/** Builds (or reuses, per rubric hash and criterion set) the answer schema for the given criteria. */
export function verdictSchemaFor(rubricHash: string, criteria: readonly JudgedCriterion[]): VerdictSchema {
  const key = `${rubricHash}:${criteria.map((c) => c.id).join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const perCriterion = new Map(criteria.map((c) => [c.id, criterionAnswerSchema(c)] as const));
  const zodSchema = z.strictObject({ verdicts: z.strictObject(Object.fromEntries(perCriterion)) });
  const schema: VerdictSchema = {
    criteria: perCriterion,
    zod: zodSchema,
    jsonSchema: toStrictJsonSchema(z.toJSONSchema(zodSchema) as JsonSchema),
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, schema);
  return schema;
}
