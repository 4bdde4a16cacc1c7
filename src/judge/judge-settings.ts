import { z } from 'zod';
import { describeIssue } from '../error/zod-issue.js';
import { redactTypeSchema, type Rubric } from '../rubric/schema.js';
import { memberNames } from './judge-spec.js';

/**
 * The settings of a model judge, one shape everywhere: built from the command line and the rubric, passed to
 * the judge, and stored with a provider batch (`judge_settings_json`, in snake_case: see
 * {@link toStoredJudgeSettings}) so a later process rebuilds the same judge. Every field is optional and has a
 * documented default (`LLM_DEFAULTS`); ranges are checked when the judge is built (`JUDGE_OPTION_INVALID`).
 */
export const judgeSettingsSchema = z.strictObject({
  /** OpenAI-compatible or Anthropic base URL. Default: `OPENAI_BASE_URL` / `ANTHROPIC_BASE_URL`, else the provider's. */
  baseUrl: z.string().optional(),
  /** Per-request timeout in seconds. Default 120. */
  timeoutSeconds: z.number().optional(),
  /** Retries done by the SDK (honouring `retry-after`). Default 2. */
  maxRetries: z.number().optional(),
  /**
   * The longest `retry-after` wait honoured, in seconds. Default 60. A 429 / 5xx asking for longer is not
   * retried: its criteria get `PROVIDER_429` (etc.) at once and the run moves on.
   */
  maxRetryWaitSeconds: z.number().optional(),
  /** Default `transcript`: one call scores every judged criterion. */
  callPer: z.enum(['transcript', 'criterion']).optional(),
  /** Sampling temperature. Default 0 (deterministic as the model allows). */
  temperature: z.number().optional(),
  /** Output token budget of one call. Default 4096 (doubled once when an answer is cut off). */
  maxOutputTokens: z.number().optional(),
  /**
   * Kinds of personal data replaced by placeholders before a transcript is sent (the rubric's `redact:`).
   * Default: every kind (`DEFAULT_REDACT_TYPES`); `[]` sends the text as it is.
   */
  redactTypes: z.array(redactTypeSchema).readonly().optional(),
});

export type JudgeSettings = z.infer<typeof judgeSettingsSchema>;

/**
 * The settings a batch stores, in this order. Not `maxRetryWaitSeconds`: `batch collect` waits as its own
 * flags say. `base_url` is stored apart, always (the URL in use, `null` for the provider's default).
 */
const STORED_FIELDS = ['temperature', 'maxOutputTokens', 'callPer', 'timeoutSeconds', 'maxRetries', 'redactTypes'] as const;

/** The stored form of {@link JudgeSettings} (`judge_settings_json`): snake_case keys, `base_url` always present. */
export function toStoredJudgeSettings(settings: JudgeSettings, baseUrl: string | undefined): Record<string, unknown> {
  const stored: Record<string, unknown> = { base_url: baseUrl ?? null };
  for (const field of STORED_FIELDS) {
    const value = settings[field];
    if (value !== undefined) stored[snakeCase(field)] = Array.isArray(value) ? [...value] : value;
  }
  return stored;
}

/**
 * Reads the stored form back (see {@link toStoredJudgeSettings}); a `null` base URL is the provider's default.
 * Returns the zod error for a value that is not stored judge settings.
 */
export function parseStoredJudgeSettings(stored: unknown): { ok: true; settings: JudgeSettings } | { ok: false; error: string } {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return { ok: false, error: 'not a JSON object' };
  const camel: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) if (value !== null) camel[camelCase(key)] = value;
  const parsed = judgeSettingsSchema.safeParse(camel);
  if (!parsed.success) {
    // Field names as stored (snake_case).
    return { ok: false, error: parsed.error.issues.map((i) => describeIssue({ ...i, path: i.path.map((p) => (typeof p === 'string' ? snakeCase(p) : p)) })).join('; ') };
  }
  return { ok: true, settings: parsed.data };
}

/**
 * The settings a rubric's `judge:` block contributes to one judge. They apply only when that judge is one the
 * rubric names (alone or in its panel), so a `--judge` for another model does not inherit them, and `base_url`
 * (meant for OpenAI-compatible servers) applies only to `openai:` judges. The rubric's `redact:` list applies
 * to every judge. Flags win over these.
 */
export function rubricJudgeSettings(rubric: Rubric, member: string): JudgeSettings {
  const judge = rubric.judge;
  const name = member.trim();
  const redact: JudgeSettings = rubric.redact !== undefined ? { redactTypes: rubric.redact } : {};
  if (!judge || !memberNames(judge.name).includes(name)) return redact;
  return {
    ...(judge.base_url !== undefined && name.startsWith('openai:') ? { baseUrl: judge.base_url } : {}),
    ...(judge.temperature !== undefined ? { temperature: judge.temperature } : {}),
    ...(judge.max_output_tokens !== undefined ? { maxOutputTokens: judge.max_output_tokens } : {}),
    ...redact,
  };
}

/** The {@link JudgeSettings} fields of `options` that are set (a judge keeps these; batch stores them). */
export function pickJudgeSettings(options: JudgeSettings): JudgeSettings {
  const out: Record<string, unknown> = {};
  for (const key of judgeSettingsSchema.keyof().options) if (options[key] !== undefined) out[key] = options[key];
  return out as JudgeSettings;
}

/** `a` with every field `b` defines (an `undefined` in `b` does not hide a value of `a`). */
export function overrideSettings(a: JudgeSettings, b: JudgeSettings): JudgeSettings {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) if (value !== undefined) out[key] = value;
  return out as JudgeSettings;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
