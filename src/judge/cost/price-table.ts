/** USD per million tokens. `cached_input` is the price of input tokens served from the provider's prompt cache. */
export interface ModelPrice {
  input: number;
  cached_input: number;
  output: number;
}

/** When the built-in prices were taken. */
export const PRICES_AS_OF = '2025-10-15';

/**
 * Built-in list prices, USD per million tokens, keyed `provider:model`, as published on the providers'
 * pricing pages (https://openai.com/api/pricing, https://www.anthropic.com/pricing) on {@link PRICES_AS_OF}.
 * They are list prices: no batch, priority, regional or negotiated pricing, and no Anthropic cache-write
 * surcharge. Check them before relying on a cost figure, and override them in `cxqa.config.yaml` (`prices:`).
 */
export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'openai:gpt-5': { input: 1.25, cached_input: 0.125, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, cached_input: 0.025, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, cached_input: 0.005, output: 0.4 },
  'openai:gpt-4.1': { input: 2, cached_input: 0.5, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, cached_input: 0.1, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, cached_input: 0.025, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, cached_input: 1.25, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, cached_input: 0.075, output: 0.6 },
  'openai:o3': { input: 2, cached_input: 0.5, output: 8 },
  'openai:o4-mini': { input: 1.1, cached_input: 0.275, output: 4.4 },
  // Anthropic (cached_input = cache read price)
  'anthropic:claude-opus-4-1': { input: 15, cached_input: 1.5, output: 75 },
  'anthropic:claude-opus-4-0': { input: 15, cached_input: 1.5, output: 75 },
  'anthropic:claude-sonnet-4-5': { input: 3, cached_input: 0.3, output: 15 },
  'anthropic:claude-sonnet-4-0': { input: 3, cached_input: 0.3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, cached_input: 0.1, output: 5 },
  'anthropic:claude-3-5-haiku': { input: 0.8, cached_input: 0.08, output: 4 },
  // No provider, no cost.
  offline: { input: 0, cached_input: 0, output: 0 },
  'offline:v1': { input: 0, cached_input: 0, output: 0 },
};

/** A price as written in a config file: `cached_input` defaults to `input` (no discount). */
export interface PriceOverride {
  input: number;
  cached_input?: number | undefined;
  output: number;
}

/**
 * Looks up the price of a judge by its name (`provider:model`). Config overrides win over built-in prices.
 * A dated model id (`claude-sonnet-4-5-20250929`, `gpt-4.1-mini-2025-04-14`) falls back to its undated alias,
 * and Anthropic's `-latest` suffix is ignored.
 */
export class PriceTable {
  private readonly prices = new Map<string, ModelPrice>();

  constructor(overrides: Readonly<Record<string, PriceOverride>> = {}, builtIn: Readonly<Record<string, ModelPrice>> = BUILT_IN_PRICES) {
    for (const [key, price] of Object.entries(builtIn)) this.prices.set(key, price);
    for (const [key, p] of Object.entries(overrides)) {
      this.prices.set(key, { input: p.input, cached_input: p.cached_input ?? p.input, output: p.output });
    }
  }

  /** The price for `provider:model`, or undefined when unknown. */
  lookup(judgeName: string): ModelPrice | undefined {
    for (const key of candidateKeys(judgeName.trim())) {
      const price = this.prices.get(key);
      if (price) return price;
    }
    return undefined;
  }
}

function candidateKeys(name: string): string[] {
  const keys = [name];
  const undated = name.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '').replace(/-latest$/, '');
  if (undated !== name) keys.push(undated);
  return keys;
}
