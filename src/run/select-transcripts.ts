import { createHash } from 'node:crypto';

/** A deterministic subset of the input: a sample share and/or one shard of several. Both compose. */
export interface TranscriptSelection {
  /** Keep this share of transcripts, 0 < sample ≤ 1. */
  sample?: number;
  /** Keep shard `index` of `count` (0 ≤ index < count). */
  shard?: { index: number; count: number };
}

/**
 * Maps `salt:id` to [0, 1) through SHA-256 (its first 52 bits), so every machine makes the same choice.
 * Sample and shard use different salts, so a shard of a sample is an unbiased part of that sample.
 */
export function unitHash(salt: string, id: string): number {
  const digest = createHash('sha256').update(`${salt}:${id}`).digest();
  // 52 bits fit a double exactly: the high 20 bits of the first word, then a whole second word.
  return ((digest.readUInt32BE(0) >>> 12) * 2 ** 32 + digest.readUInt32BE(4)) / 2 ** 52;
}

/** Whether the transcript with this id (or `line:<n>` for a line without a readable id) is in the selection. */
export function isSelected(id: string, selection: TranscriptSelection | undefined): boolean {
  if (!selection) return true;
  if (selection.sample !== undefined && selection.sample < 1 && unitHash('sample', id) >= selection.sample) return false;
  if (selection.shard && selection.shard.count > 1) {
    const slot = Math.floor(unitHash('shard', id) * selection.shard.count);
    if (slot !== selection.shard.index) return false;
  }
  return true;
}

/** Whether a selection leaves anything out at all. */
export function selects(selection: TranscriptSelection | undefined): boolean {
  return !!selection && ((selection.sample !== undefined && selection.sample < 1) || (!!selection.shard && selection.shard.count > 1));
}
