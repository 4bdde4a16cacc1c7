import type { InputError } from '../../error/cxqa-error.js';
import type { EvalItem } from '../eval-set/schema.js';

/**
 * What an importer (or `eval build`) yields, in input order:
 * - `item`: a finished eval item;
 * - `skipped`: an item (dialogue, transcript) left out because of `error`;
 * - `problem`: part of an item was dropped (e.g. one rater's row), the item itself goes on;
 * - `notice`: something worth telling the user that is not an error (e.g. a re-used dialogue id).
 */
export type ImportEvent =
  | { kind: 'item'; item: EvalItem }
  | { kind: 'skipped'; error: InputError }
  | { kind: 'problem'; error: InputError }
  | { kind: 'notice'; message: string };

/**
 * `started_at` of imported research corpora, which carry no timestamps. A fixed, obviously fake
 * instant so that output is deterministic and no one mistakes it for a real date.
 */
export const PLACEHOLDER_STARTED_AT = '2000-01-01T00:00:00Z';

/** The channel of every imported text dialogue. */
export const IMPORT_CHANNEL = 'chat';
