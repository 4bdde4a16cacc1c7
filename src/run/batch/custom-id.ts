import { contentHash } from '../../shared/hash.js';

/** What a batch request stands for: one call of one judgement. */
export interface BatchWorkKey {
  transcriptId: string;
  contentHash: string;
  rubricHash: string;
  judge: string;
  /** Ids of the judged criteria the call answers. */
  criteria: readonly string[];
}

/**
 * The `custom_id` of a batch request: `cxqa-` and 40 hex digits of sha256 over the work it stands for, so it
 * fits both providers' rules (Anthropic: `^[a-zA-Z0-9_-]{1,64}$`; OpenAI: unique per file) and is the same
 * whenever the same work is submitted. The mapping back (transcript, content hash, rubric hash, judge,
 * criteria) is stored in `provider_batch_items`, never decoded from the id.
 */
export function customIdFor(key: BatchWorkKey): string {
  const digest = contentHash({
    transcript: key.transcriptId,
    content: key.contentHash,
    rubric: key.rubricHash,
    judge: key.judge,
    criteria: [...key.criteria].sort(),
  });
  return `cxqa-${digest.slice(0, 40)}`;
}

/** The key under which the requests of one transcript are grouped (transcript id and content hash). */
export function transcriptKey(transcriptId: string, hash: string): string {
  return `${transcriptId}\u0000${hash}`;
}
