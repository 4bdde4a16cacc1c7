import type { Transcript } from '../transcript/schema.js';

/** Options every mapping understands. */
export interface MappingOptions {
  /** Keep internal notes (Zendesk `public: false`, Intercom `note` parts, Freshdesk `private`) as `system` messages. */
  includeNotes: boolean;
}

/** Side-loaded collections (e.g. Zendesk `users` beside `tickets`) by key, each indexed by the format. */
export type Sideloads = ReadonlyMap<string, ReadonlyMap<string, Record<string, unknown>>>;

export interface MappingContext {
  sideloads: Sideloads;
  options: MappingOptions;
}

/**
 * One vendor mapping: which wrapper keys hold its records in an API answer or export, which keys are side
 * loads, and the function from one vendor record to one canonical transcript. `toTranscript` throws a
 * `FieldError` (bad vendor field) or `SkipRecord` (nothing to score); its result is validated afterwards.
 */
export interface HelpdeskFormat {
  name: string;
  /** What one record is, for messages: "ticket", "conversation", … */
  recordNoun: string;
  /** Keys of a paged wrapper whose array holds the records: `{ "tickets": [...] }`. */
  listKeys: readonly string[];
  /** Keys of a wrapper holding one record: `{ "ticket": {...} }`. */
  singleKeys: readonly string[];
  /** Keys whose arrays are side loads, read before the records (`users`). */
  sideloadKeys: readonly string[];
  /** The index of a side-loaded record (e.g. a user's `id`); undefined drops it. */
  sideloadIndex?(key: string, value: Record<string, unknown>): string | undefined;
  toTranscript(record: Record<string, unknown>, ctx: MappingContext): Transcript;
  /**
   * For exports with one record per message (Salesforce `ConversationEntry`): the conversation a record
   * belongs to. Consecutive records with the same key are one transcript, made by `toTranscriptGroup`.
   */
  groupKey?(record: Record<string, unknown>): string | undefined;
  toTranscriptGroup?(records: Record<string, unknown>[], key: string, ctx: MappingContext): Transcript;
}
