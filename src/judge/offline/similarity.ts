/**
 * Near-duplicate messages by their content words: a customer repeating a request, a bot or agent looping. Only
 * messages with at least {@link MIN_COMPARE_TOKENS} content words are compared, each with the latest
 * {@link COMPARE_WINDOW} earlier ones of the same role (keeps long transcripts linear).
 */
import { jaccard } from './text.js';

/** Jaccard threshold for a customer message to count as a repeat of an earlier one. */
export const REPEAT_SIMILARITY = 0.6;
/** Jaccard threshold for a bot/agent message to count as a loop (near-identical to an earlier one). */
export const LOOP_SIMILARITY = 0.8;
/**
 * A bot/agent message also counts as a loop when it shares Jaccard ≥ 0.5 with an earlier one and the shorter of
 * the two (at least 6 content words) is ≥ 75% contained in the other ("Sorry about that. <same answer again>").
 */
export const LOOP_SIMILARITY_WITH_CONTAINMENT = 0.5;
export const LOOP_CONTAINMENT = 0.75;
const MIN_CONTAINMENT_TOKENS = 6;

function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < MIN_CONTAINMENT_TOKENS) return 0;
  let inter = 0;
  for (const t of small) if (large.has(t)) inter++;
  return inter / small.size;
}


/** Messages need at least this many content words to be compared. */
export const MIN_COMPARE_TOKENS = 3;
/** Only the latest this-many earlier messages of the same role are compared. */
export const COMPARE_WINDOW = 20;

/** An earlier message kept for comparison: its index and content words. */
export interface Compared {
  index: number;
  tokens: ReadonlySet<string>;
}

/** Jaccard can be at most |smaller| / |larger|: skip pairs that cannot reach `threshold`. */
function sizesAllow(a: ReadonlySet<string>, b: ReadonlySet<string>, threshold: number): boolean {
  return a.size <= b.size ? a.size >= threshold * b.size : b.size >= threshold * a.size;
}

/** Keeps a message for later comparisons (when it has enough content words). */
export function remember(list: Compared[], index: number, tokens: ReadonlySet<string>): void {
  if (tokens.size >= MIN_COMPARE_TOKENS) list.push({ index, tokens });
}

/** The most similar of the recent earlier messages that could reach {@link REPEAT_SIMILARITY}, if any is similar at all. */
export function mostSimilarEarlier(tokens: ReadonlySet<string>, earlier: readonly Compared[]): { of: number; similarity: number } | undefined {
  if (tokens.size < MIN_COMPARE_TOKENS) return undefined;
  let best: { of: number; similarity: number } | undefined;
  for (let k = Math.max(0, earlier.length - COMPARE_WINDOW); k < earlier.length; k++) {
    const prev = earlier[k]!;
    if (!sizesAllow(tokens, prev.tokens, REPEAT_SIMILARITY)) continue;
    const similarity = jaccard(tokens, prev.tokens);
    if (similarity > (best?.similarity ?? 0)) best = { of: prev.index, similarity };
  }
  return best;
}

/** The latest recent earlier message this one repeats (a loop): Jaccard ≥ 0.8, or ≥ 0.5 with ≥ 75 % containment. */
export function loopOf(tokens: ReadonlySet<string>, earlier: readonly Compared[]): { of: number; similarity: number } | undefined {
  if (tokens.size < MIN_COMPARE_TOKENS) return undefined;
  for (let k = earlier.length - 1; k >= Math.max(0, earlier.length - COMPARE_WINDOW); k--) {
    const prev = earlier[k]!;
    if (!sizesAllow(tokens, prev.tokens, LOOP_SIMILARITY_WITH_CONTAINMENT)) continue;
    const similarity = jaccard(tokens, prev.tokens);
    if (similarity >= LOOP_SIMILARITY || (similarity >= LOOP_SIMILARITY_WITH_CONTAINMENT && containment(tokens, prev.tokens) >= LOOP_CONTAINMENT)) {
      return { of: prev.index, similarity };
    }
  }
  return undefined;
}
