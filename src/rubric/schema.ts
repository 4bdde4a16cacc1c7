import { z } from 'zod';
import { ruleSpecSchema } from './rule-schema.js';

const idSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case: a letter, then letters, digits or _');

/** What N/A means for a criterion: may the judge say it does not apply, and how does N/A count? */
export const naPolicySchema = z.strictObject({
  allowed: z.boolean().default(false),
  /** `exclude`: an N/A criterion drops out of the QA score. `pass`: it counts as full marks. */
  score: z.enum(['exclude', 'pass']).default('exclude'),
});
export type NaPolicy = z.infer<typeof naPolicySchema>;

const criterionBase = {
  id: idSchema,
  title: z.string().min(1),
  /** The question the judge answers, in plain words. */
  question: z.string().min(1).optional(),
  /** Longer guidance for judges and human reviewers. */
  guidance: z.string().min(1).optional(),
  /** Relative weight in the QA score. 0 = reported but not scored. */
  weight: z.number().min(0).default(1),
  /** A failed critical criterion sets the QA score to 0 and marks the transcript `auto_fail`. */
  critical: z.boolean().default(false),
  /** A criterion "fails" when its normalised score (0–1) is below this. Used for `critical`. */
  pass_score: z.number().min(0).max(1).default(0.5),
  na: naPolicySchema.default({ allowed: false, score: 'exclude' }),
  /** Which built-in signal the offline judge uses for this criterion (defaults to the criterion id). */
  offline: z.strictObject({ signal: z.string().min(1) }).optional(),
  calibration: z
    .strictObject({
      /** Gate: the lower 95% CI bound of kappa (quadratic-weighted for scales) must reach this. */
      min_kappa: z.number().min(-1).max(1).optional(),
      /** Gate: the lower 95% CI bound of judge α / held-out-human α (same reference) must reach this; 1 = one more human. */
      min_human_ratio: z.number().min(0).max(10).optional(),
    })
    .optional(),
};

export const scaleCriterionSchema = z
  .strictObject({
    ...criterionBase,
    kind: z.literal('scale'),
    min: z.number().int(),
    max: z.number().int(),
    /** What each level means, keyed by level: `{ 1: "...", 2: "...", ... }`. Every level needs one. */
    anchors: z.record(z.string(), z.string().min(1)),
  })
  .superRefine((c, ctx) => {
    if (c.max <= c.min) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${c.max}) must be greater than min (${c.min})` });
      return;
    }
    if (c.max - c.min > 100) ctx.addIssue({ code: 'custom', path: ['max'], message: 'a scale may have at most 101 levels' });
    for (const key of Object.keys(c.anchors)) {
      const level = Number(key);
      if (!Number.isInteger(level) || level < c.min || level > c.max) {
        ctx.addIssue({ code: 'custom', path: ['anchors', key], message: `anchor ${key} is not a level between ${c.min} and ${c.max}` });
      }
    }
    for (let level = c.min; level <= c.max; level++) {
      if (!(String(level) in c.anchors)) {
        ctx.addIssue({ code: 'custom', path: ['anchors'], message: `level ${level} has no anchor: describe every level from ${c.min} to ${c.max}` });
      }
    }
  });

export const binaryCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal('binary'),
  /** What a pass looks like. */
  pass: z.string().min(1).optional(),
  /** What a fail looks like. */
  fail: z.string().min(1).optional(),
});

export const categoryLabelSchema = z.strictObject({
  id: idSchema,
  description: z.string().min(1).optional(),
  /** Normalised score 0–1 this label earns. A label without a score does not count toward the QA score. */
  score: z.number().min(0).max(1).optional(),
});

export const categoryCriterionSchema = z
  .strictObject({
    ...criterionBase,
    kind: z.literal('category'),
    labels: z.array(categoryLabelSchema).min(2, 'a category criterion needs at least two labels'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.labels.forEach((label, i) => {
      if (seen.has(label.id)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'id'], message: `duplicate label "${label.id}"` });
      seen.add(label.id);
    });
  });

export const ruleCriterionSchema = z.strictObject({
  ...criterionBase,
  kind: z.literal('rule'),
  rule: ruleSpecSchema,
});

export const criterionSchema = z.discriminatedUnion('kind', [
  scaleCriterionSchema,
  binaryCriterionSchema,
  categoryCriterionSchema,
  ruleCriterionSchema,
]);
export type Criterion = z.infer<typeof criterionSchema>;
export type ScaleCriterion = z.infer<typeof scaleCriterionSchema>;
export type BinaryCriterion = z.infer<typeof binaryCriterionSchema>;
export type CategoryCriterion = z.infer<typeof categoryCriterionSchema>;
export type RuleCriterion = z.infer<typeof ruleCriterionSchema>;
export type CriterionKind = Criterion['kind'];
/** Criteria a judge (offline or model) scores; rule criteria are checked deterministically. */
export type JudgedCriterion = Exclude<Criterion, RuleCriterion>;

/** Default judge settings a rubric can carry; `--judge` on the command line wins. */
export const rubricJudgeSchema = z.strictObject({
  /** e.g. `offline`, `openai:gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`, or a comma-separated panel. */
  name: z.string().min(1),
  /** For OpenAI-compatible servers (Ollama, vLLM, llama.cpp, LM Studio). */
  base_url: z.url().optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_output_tokens: z.number().int().positive().optional(),
});

/** Kinds of sensitive data a rubric's `redact:` list may name (see `src/governance/redact.ts`). */
export const redactTypeSchema = z.enum(['card', 'iban', 'ssn', 'email', 'phone', 'ip']);

export const rubricSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: idSchema,
    version: z.union([z.string().min(1), z.number()]).transform(String),
    title: z.string().min(1),
    description: z.string().optional(),
    judge: rubricJudgeSchema.optional(),
    /**
     * Sensitive data replaced by placeholders (`<EMAIL_1>`) before a transcript is sent to a model judge.
     * Default (absent): every kind. `[]` turns redaction off.
     */
    redact: z.array(redactTypeSchema).optional(),
    /**
     * The QA score of a transcript with a failed judgement on a scored criterion (status `partial`): `null`
     * (default: no score, left out of every mean) or `score_available` (the weighted mean over the criteria
     * that were judged, the behaviour before 0.2).
     */
    partial: z.enum(['null', 'score_available']).optional(),
    criteria: z.array(criterionSchema).min(1, 'a rubric needs at least one criterion'),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.criteria.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `duplicate criterion id "${c.id}"` });
      seen.add(c.id);
    });
  });
export type Rubric = z.infer<typeof rubricSchema>;
/** What a rubric file may contain before defaults are applied (for authoring and JSON Schema). */
export type RubricInput = z.input<typeof rubricSchema>;
