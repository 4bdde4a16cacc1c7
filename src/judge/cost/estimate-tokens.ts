/** Characters per token assumed by {@link estimateTokens}. */
export const CHARS_PER_TOKEN = 4;

/**
 * Rough token count of a text: ⌈characters / 4⌉, OpenAI's rule of thumb for English prose. It is usually
 * within ±20 % for English chat text, worse for code, non-Latin scripts and text full of ids. It stands in
 * until a real tokenizer (e.g. js-tiktoken) is wired in: swap the body of this function, nothing else.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
