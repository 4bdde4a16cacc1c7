import { createHash } from 'node:crypto';
import { CxqaError } from '../error/cxqa-error.js';

/**
 * The deepest nesting {@link canonicalJson} accepts. Transcripts are limited to 32 levels when read; this
 * bound keeps the recursion (and `JSON.stringify`'s) finite for any value a library caller passes.
 */
export const MAX_CANONICAL_DEPTH = 256;

/** JSON with object keys sorted at every depth, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 0));
}

function sortKeys(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_CANONICAL_DEPTH) {
    throw new CxqaError('JSON_TOO_DEEP', `value nested more than ${MAX_CANONICAL_DEPTH} levels deep: cannot be hashed`);
  }
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Content hash of any JSON value (transcript, rubric, parameters): sha256 of its canonical JSON. */
export function contentHash(value: unknown): string {
  return sha256(canonicalJson(value));
}
