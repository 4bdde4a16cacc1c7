import { z } from 'zod';
import { rubricSchema } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of a rubric file as authored (defaults optional), generated from the zod
 * schema so the two can never drift. `rubrics/rubric.schema.json` is this output; a test keeps it current.
 */
export function rubricJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(rubricSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://cxqa.dev/schemas/rubric.schema.json',
    title: 'cxqa rubric',
    description: 'A cxqa QA rubric: criteria scored per transcript by rule checks and judges.',
  };
}
