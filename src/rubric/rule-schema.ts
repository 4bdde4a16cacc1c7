import { z } from 'zod';
import { TERM_LIST_NAMES } from '../governance/lists/index.js';
import { roleSchema } from '../transcript/schema.js';
import { isSafePattern, MAX_PATTERN_REPETITIONS } from './safe-pattern.js';

/**
 * Which messages a rule looks at: those of `roles`, optionally only the first or last N of them.
 * `first: 2` with roles [agent, bot] means "within the first 2 agent or bot messages".
 */
export const ruleScopeSchema = z
  .strictObject({
    roles: z.array(roleSchema).min(1).default(['agent', 'bot']),
    first: z.number().int().positive().optional(),
    last: z.number().int().positive().optional(),
  })
  .refine((s) => !(s.first !== undefined && s.last !== undefined), { message: 'use either `first` or `last`, not both' });
export type RuleScope = z.infer<typeof ruleScopeSchema>;

const defaultScope = { roles: ['agent', 'bot'] as ('agent' | 'bot')[] };

/** How bad a breach of a rule is; findings carry it and `cxqa violations --severity` filters on it. */
export const severitySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof severitySchema>;

const patternList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((p) => (Array.isArray(p) ? p : [p]));

/** Fields every rule shares: where it comes from, how bad a breach is and which messages it reads. */
const ruleCommon = {
  /** The policy text this rule enforces, quoted in findings and audits. */
  policy: z.string().optional(),
  severity: severitySchema.default('medium'),
  scope: ruleScopeSchema.default(defaultScope),
};

/** Regular-expression flags for `patterns`; `i` (case-insensitive) by default. `g` is added by the engine. */
const flagsSchema = z
  .string()
  .regex(/^[imsu]*$/, 'flags may only contain i, m, s and u')
  .default('i');

/**
 * Contexts in which a match does not count: `negated` (a negation word shortly before it in the same clause,
 * or inside the match: "calls are not recorded", "it is not your fault"), `quoted` (inside quotation marks:
 * the agent quoting someone), `conditional` (its sentence opens a condition: "if", "unless", "once", "as soon
 * as"), `question` (its sentence ends with "?"). Default: none, every match counts.
 */
export const MATCH_CONTEXTS = ['negated', 'quoted', 'conditional', 'question'] as const;
export type MatchContext = (typeof MATCH_CONTEXTS)[number];
const ignoreSchema = z.array(z.enum(MATCH_CONTEXTS)).default([]);

/** Fields of rules that match regular expressions. */
const ruleBase = {
  ...ruleCommon,
  flags: flagsSchema,
  ignore: ignoreSchema,
};

/** Reports a pattern that is not a valid regular expression, or not safe ({@link isSafePattern}), at its own path. */
function checkPatterns(rule: { patterns: string[]; flags: string }, ctx: z.RefinementCtx, field = 'patterns'): void {
  rule.patterns.forEach((pattern, i) => {
    try {
      new RegExp(pattern, rule.flags);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      ctx.addIssue({ code: 'custom', path: [field, i], message: `not a valid regular expression: ${detail}` });
      return;
    }
    if (!isSafePattern(pattern)) {
      ctx.addIssue({
        code: 'custom',
        path: [field, i],
        message:
          `unsafe regular expression ${JSON.stringify(pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern)}: a repeated group that itself ` +
          `repeats (as in (a+)+ or (\\w+\\s?)*) or more than ${MAX_PATTERN_REPETITIONS} repetitions can take exponential time on crafted text; ` +
          'rewrite it without the nested repetition',
      });
    }
  });
}

/** At least one pattern (or, with `match: all`, every pattern) must match within the scope. */
export const mustIncludeRuleSchema = z
  .strictObject({
    check: z.literal('must_include'),
    patterns: patternList,
    /** `any` (default): one of the patterns is enough (alternative phrasings). `all`: each must match. */
    match: z.enum(['any', 'all']).default('any'),
    ...ruleBase,
  })
  .superRefine(checkPatterns);

/** No pattern may match anywhere within the scope. */
export const mustNotIncludeRuleSchema = z
  .strictObject({
    check: z.literal('must_not_include'),
    patterns: patternList,
    ...ruleBase,
  })
  .superRefine(checkPatterns);

/**
 * Agent or bot messages must not contain sensitive data: payment cards (Luhn-valid), IBANs (mod-97),
 * US SSNs (with a context word), and email addresses or phone numbers other than the customer's own.
 */
export const sensitiveDataRuleSchema = z.strictObject({
  check: z.literal('sensitive_data'),
  types: z
    .array(z.enum(['card', 'iban', 'ssn', 'email', 'phone']))
    .min(1)
    .default(['card', 'iban', 'ssn', 'email', 'phone']),
  /**
   * Regular expressions (case-insensitive) for values that may be shown, e.g. the company's own addresses:
   * `['@larkspur\\.example$', '^\\+?1?800']`. Role mailboxes (support@, billing@, ...) and toll-free
   * numbers are always allowed.
   */
  allow: z.array(z.string().min(1)).default([]),
  ...ruleCommon,
}).superRefine((rule, ctx) => checkPatterns({ patterns: rule.allow, flags: 'i' }, ctx, 'allow'));

/** No term of `terms` or of the named built-in `lists` may appear (whole words, case-insensitive). */
export const prohibitedLanguageRuleSchema = z
  .strictObject({
    check: z.literal('prohibited_language'),
    terms: z.array(z.string().trim().min(1)).default([]),
    /** Built-in lists shipped with cxqa: `profanity`, `blame`, `insult`. */
    lists: z.array(z.enum(TERM_LIST_NAMES)).default([]),
    /**
     * Contexts in which a term does not count (see MATCH_CONTEXTS). `negated` never applies to the
     * `profanity` list (a negated swear word is still swearing) nor to a term's own negation ("not my problem").
     */
    ignore: ignoreSchema,
    ...ruleCommon,
  })
  .refine((r) => r.terms.length + r.lists.length > 0, { message: 'give at least one of `terms` or `lists`', path: ['terms'] });

/**
 * The longest wait between a customer message and the next reply from the scope's roles must not exceed
 * `seconds`. Needs `at` timestamps; N/A without them.
 */
export const maxResponseGapRuleSchema = z.strictObject({
  check: z.literal('max_response_gap'),
  seconds: z.number().positive(),
  /** Only transcripts of these channels (e.g. `[chat]`); N/A for others, such as email threads. Default: all. */
  channels: z.array(z.string().min(1)).min(1).optional(),
  ...ruleCommon,
});

const actionIdSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'action ids are lower_snake_case');

/** How to recognise one action in the text: any of `patterns`, in messages of `roles` (default: the rule's scope roles). */
export const actionDefinitionSchema = z
  .strictObject({
    patterns: patternList,
    roles: z.array(roleSchema).min(1).optional(),
    flags: flagsSchema,
    /** Contexts in which a match is not this action, e.g. `[negated, conditional]` for "if it is lost, we'll refund". */
    ignore: ignoreSchema,
  })
  .superRefine(checkPatterns);
export type ActionDefinition = z.infer<typeof actionDefinitionSchema>;

/**
 * Required order of actions per intent: for a transcript whose `intent` is listed, an action must not occur
 * before (or without) the actions listed before it. N/A for other intents or when none of the actions occur.
 */
export const actionSequenceRuleSchema = z
  .strictObject({
    check: z.literal('action_sequence'),
    actions: z.record(actionIdSchema, actionDefinitionSchema),
    intents: z.record(z.string().min(1), z.array(actionIdSchema).min(2, 'a sequence needs at least two actions')),
    ...ruleCommon,
  })
  .superRefine((r, ctx) => {
    for (const [intent, sequence] of Object.entries(r.intents)) {
      const seen = new Set<string>();
      sequence.forEach((action, i) => {
        if (!(action in r.actions)) {
          ctx.addIssue({ code: 'custom', path: ['intents', intent, i], message: `action "${action}" is not defined under \`actions\`` });
        }
        if (seen.has(action)) ctx.addIssue({ code: 'custom', path: ['intents', intent, i], message: `action "${action}" is listed twice` });
        seen.add(action);
      });
    }
  });

export const ruleSpecSchema = z.discriminatedUnion('check', [
  mustIncludeRuleSchema,
  mustNotIncludeRuleSchema,
  sensitiveDataRuleSchema,
  prohibitedLanguageRuleSchema,
  maxResponseGapRuleSchema,
  actionSequenceRuleSchema,
]);
export type RuleSpec = z.infer<typeof ruleSpecSchema>;
export type RuleCheck = RuleSpec['check'];
/** The rule of one `check` type, e.g. `RuleOf<'sensitive_data'>`. */
export type RuleOf<C extends RuleCheck> = Extract<RuleSpec, { check: C }>;
