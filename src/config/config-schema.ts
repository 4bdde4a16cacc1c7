import { z } from 'zod';
import { alertsSchema } from '../alerts/alerts-schema.js';
import { STORE_TEXT_MODES } from '../governance/redact-at-rest.js';

const usdPerMillion = z.number().min(0, 'a price is USD per million tokens, ≥ 0');

/** A model's price in USD per million tokens. `cached_input` defaults to `input`. */
export const priceSchema = z.strictObject({
  input: usdPerMillion,
  cached_input: usdPerMillion.optional(),
  output: usdPerMillion,
});

/** `cxqa.config.yaml`: settings that are not per rubric. */
export const configSchema = z.strictObject({
  /** Price overrides and additions, keyed `provider:model`, e.g. `"openai:my-model": { input: 0.4, output: 1.6 }`. */
  prices: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]*:\S+$/, 'price keys are "provider:model", e.g. "openai:gpt-4.1-mini"'), priceSchema)
    .default({}),
  /** Thresholds checked at the end of every `cxqa score` run; a breach prints a JSON line and exits 1. */
  alerts: alertsSchema.optional(),
  /**
   * Spending limits across runs, checked by `cxqa score` against the paid calls stored in the database
   * (`judge_calls`): per UTC day and per UTC calendar month. `--max-cost` stays a per-run limit beside them.
   */
  budget: z
    .strictObject({
      daily_usd: z.number().positive('budget.daily_usd is an amount in USD > 0').optional(),
      monthly_usd: z.number().positive('budget.monthly_usd is an amount in USD > 0').optional(),
    })
    .optional(),
  /**
   * What the database keeps of transcript text. `text: redacted` (the default): bodies with every card, IBAN, SSN,
   * email, phone number and IP replaced by a placeholder; `full`: bodies as read (originals, in clear); `none`: no
   * body (its content hash and an outline without message text). Evidence quotes and rationales are always
   * stored redacted.
   */
  store: z
    .strictObject({
      text: z.enum(STORE_TEXT_MODES, { error: 'store.text is one of redacted, full, none' }).default('redacted'),
    })
    .optional(),
});
export type CxqaConfig = z.infer<typeof configSchema>;
