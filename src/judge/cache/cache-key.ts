import { contentHash } from '../../shared/hash.js';
import type { JudgeRequest } from '../judge.js';

/** Bump when the cached response format changes, so old entries are no longer read. */
export const CACHE_FORMAT = 1;

/**
 * Cache key of one judge request: sha256 of the judge's fingerprint (provider, model, prompt template
 * version, parameters), the rubric hash, the transcript hash and the sorted ids of the requested criteria.
 */
export function judgeCacheKey(fingerprint: string, request: Pick<JudgeRequest, 'rubricHash' | 'transcriptHash' | 'criteria'>): string {
  return contentHash({
    format: CACHE_FORMAT,
    fingerprint,
    rubric: request.rubricHash,
    transcript: request.transcriptHash,
    criteria: request.criteria.map((c) => c.id).sort(),
  });
}
