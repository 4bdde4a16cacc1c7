import type { JudgedCriterion, Rubric } from '../../rubric/schema.js';
import { buildJudgePrompt } from '../llm/build-messages.js';
import { loadPromptTemplates, type PromptTemplates } from '../llm/prompt-templates.js';
import type { Transcript } from '../../transcript/schema.js';
import { computeCost, type CostOptions } from './compute-cost.js';
import { estimateTokens } from './estimate-tokens.js';
import type { PriceTable } from './price-table.js';

/** Output tokens allowed per judged criterion (value, a short rationale and one or two quotes as JSON). */
export const OUTPUT_TOKENS_PER_CRITERION = 150;
/** Output tokens for the response envelope. */
export const OUTPUT_TOKENS_OVERHEAD = 20;

/**
 * APPROXIMATION of the LLM judges' system prompt, used only when the real templates (`prompts/`, read by
 * `src/judge/llm/prompt-templates.ts`) cannot be loaded.
 */
const APPROXIMATE_SYSTEM_PROMPT = `You are a meticulous quality-assurance reviewer of customer-service conversations.
Score the conversation against each criterion below, using only what the transcript shows.
For every criterion return a JSON object with: criterion (the id), value (a level of the scale, "pass" or
"fail", or a label id), na (true only when the criterion allows N/A and does not apply), a rationale of at
most three sentences, and evidence: quotes copied verbatim from the messages, each with its message index.
Do not guess. Do not invent quotes. Answer with one JSON object {"verdicts": [...]} and nothing else.`;

let templates: PromptTemplates | null | undefined;

/**
 * The text an LLM judge would be sent for this transcript: the LLM judges' own prompt (system + user
 * message, built by `buildJudgePrompt`), or {@link approximatePromptText} if their templates cannot be read.
 * Repair follow-ups are not included.
 */
export function promptText(rubric: Rubric, transcript: Transcript, criteria: readonly JudgedCriterion[]): string {
  if (templates === undefined) {
    try {
      templates = loadPromptTemplates();
    } catch {
      templates = null;
    }
  }
  if (templates === null) return approximatePromptText(transcript, criteria);
  const prompt = buildJudgePrompt(templates, rubric, criteria, transcript, 'transcript-0000000000000000');
  return `${prompt.system}\n${prompt.user}`;
}

/** A clearly approximate prompt (see {@link APPROXIMATE_SYSTEM_PROMPT}): criteria as JSON and the transcript, one line per message. */
export function approximatePromptText(transcript: Transcript, criteria: readonly JudgedCriterion[]): string {
  const rubric = criteria.map((c) => JSON.stringify(c)).join('\n');
  const messages = transcript.messages.map((m, i) => `[${i}] ${m.role}${m.event ? ` (${m.event})` : ''}: ${m.text}`).join('\n');
  return `${APPROXIMATE_SYSTEM_PROMPT}\n\nCriteria:\n${rubric}\n\nTranscript ${transcript.id} (${transcript.channel}):\n${messages}`;
}

export interface TokenEstimate {
  input_tokens: number;
  output_tokens: number;
}

/** Estimated tokens of one judge call: prompt ≈ system prompt + rubric + formatted transcript; output ≈ per-criterion allowance. */
export function estimateRequestTokens(rubric: Rubric, transcript: Transcript, criteria: readonly JudgedCriterion[]): TokenEstimate {
  if (criteria.length === 0) return { input_tokens: 0, output_tokens: 0 };
  return {
    input_tokens: estimateTokens(promptText(rubric, transcript, criteria)),
    output_tokens: OUTPUT_TOKENS_OVERHEAD + OUTPUT_TOKENS_PER_CRITERION * criteria.length,
  };
}

/**
 * Estimated cost of one call of the judge named `judgeName`, or null when its price is unknown. Offline judges
 * cost 0. With `{ batch: true }`, at the provider batch API price (`BATCH_PRICE_FACTOR` × the list price).
 */
export function estimateRequestCost(judgeName: string, estimate: TokenEstimate, prices: PriceTable, options: CostOptions = {}): number | null {
  const price = prices.lookup(judgeName);
  if (!price) return null;
  return computeCost({ input_tokens: estimate.input_tokens, output_tokens: estimate.output_tokens, cached_input_tokens: 0 }, price, options);
}
