import type { z } from 'zod';
import type { JudgedCriterion } from '../../rubric/schema.js';
import type { CriterionAnswer, VerdictSchema } from './verdict-schema.js';

/** Why a criterion's answer could not be used. Stable codes, stored with the verdict. */
export type AnswerProblemCode = 'JUDGE_OUTPUT_MALFORMED' | 'JUDGE_SCHEMA_INVALID' | 'JUDGE_TRUNCATED' | 'JUDGE_REFUSED';

export interface AnswerProblem {
  code: AnswerProblemCode;
  /** One line per issue, e.g. `tone.value: expected one of 1|2|3|4|5`. */
  details: string[];
}

/** The outcome of one answer: the criteria that validated, and why the others did not. */
export interface ParsedAnswer {
  valid: Map<string, CriterionAnswer>;
  invalid: Map<string, AnswerProblem>;
}

/** The raw answer of one provider call. */
export type RawAnswer =
  /** JSON text (OpenAI `message.content`). */
  | { kind: 'text'; text: string; truncated: boolean }
  /** An already-parsed object (Anthropic tool input). */
  | { kind: 'object'; value: unknown; truncated: boolean }
  /** No usable answer (no tool call, empty content). */
  | { kind: 'none'; reason: string; truncated: boolean }
  /** The model refused (OpenAI `message.refusal`, a content filter). */
  | { kind: 'refusal'; reason: string };

function formatIssue(prefix: string, issue: z.core.$ZodIssue): string {
  const path = [prefix, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}

function allInvalid(criteria: readonly JudgedCriterion[], problem: AnswerProblem): ParsedAnswer {
  return { valid: new Map(), invalid: new Map(criteria.map((c) => [c.id, problem])) };
}

/**
 * Validates an answer criterion by criterion, so one bad criterion does not cost the others (partial
 * salvage). Not JSON → `JUDGE_OUTPUT_MALFORMED` (or `JUDGE_TRUNCATED` when the provider cut it off);
 * JSON of the wrong shape → `JUDGE_SCHEMA_INVALID` for the criteria concerned.
 */
export function parseAnswer(raw: RawAnswer, criteria: readonly JudgedCriterion[], schema: VerdictSchema): ParsedAnswer {
  if (raw.kind === 'refusal') return allInvalid(criteria, { code: 'JUDGE_REFUSED', details: [`the model refused: ${raw.reason}`] });
  if (raw.kind === 'none') {
    return allInvalid(criteria, { code: raw.truncated ? 'JUDGE_TRUNCATED' : 'JUDGE_OUTPUT_MALFORMED', details: [raw.reason] });
  }
  let value: unknown;
  if (raw.kind === 'text') {
    try {
      value = JSON.parse(stripCodeFence(raw.text));
    } catch (err) {
      const code = raw.truncated ? 'JUDGE_TRUNCATED' : 'JUDGE_OUTPUT_MALFORMED';
      const why = raw.truncated ? 'the answer was cut off at the output token limit' : `the answer is not valid JSON (${(err as Error).message})`;
      return allInvalid(criteria, { code, details: [why] });
    }
  } else value = raw.value;

  const truncatedCode = raw.truncated ? 'JUDGE_TRUNCATED' : 'JUDGE_SCHEMA_INVALID';
  const verdicts = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)['verdicts'] : undefined;
  if (!verdicts || typeof verdicts !== 'object' || Array.isArray(verdicts)) {
    return allInvalid(criteria, { code: truncatedCode, details: ['the answer has no "verdicts" object'] });
  }
  const result: ParsedAnswer = { valid: new Map(), invalid: new Map() };
  for (const c of criteria) {
    const item = (verdicts as Record<string, unknown>)[c.id];
    if (item === undefined) {
      result.invalid.set(c.id, { code: truncatedCode, details: [`verdicts.${c.id}: missing`] });
      continue;
    }
    const parsed = schema.criteria.get(c.id)!.safeParse(item);
    if (!parsed.success) {
      result.invalid.set(c.id, { code: truncatedCode, details: parsed.error.issues.map((i) => formatIssue(`verdicts.${c.id}`, i)) });
      continue;
    }
    const answer = parsed.data as CriterionAnswer;
    if (answer.na !== true && answer.value === null) {
      result.invalid.set(c.id, { code: 'JUDGE_SCHEMA_INVALID', details: [`verdicts.${c.id}.value: null is only allowed with na: true`] });
      continue;
    }
    result.valid.set(c.id, answer);
  }
  return result;
}

/** Some OpenAI-compatible servers wrap JSON in a Markdown code fence even in JSON mode. */
function stripCodeFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return m ? m[1]! : text;
}
