import type { HelpdeskFormat } from '../helpdesk-format.js';
import type { PullHttpError } from './http-client.js';

/** One record fetched from a vendor, ready for its mapping, with what the pull needs to deduplicate. */
export interface PulledRecord {
  record: Record<string, unknown>;
  id: string;
  /** The vendor's `updated_at`, ISO 8601: the high-water mark moves with it. */
  updatedAt: string;
  /** Set for records that are not conversations to score (e.g. deleted tickets), with the reason. */
  skip?: string;
}

/** One page of an incremental API, and the cursor to store once its transcripts are written. */
export interface PulledPage {
  records: PulledRecord[];
  /** Side-loaded records, e.g. Zendesk `users`, by key. */
  sideloads: ReadonlyMap<string, readonly Record<string, unknown>[]>;
  /**
   * Where to continue after this page (stored with the page); `null` on the last page of a window whose
   * vendor has no lasting cursor (Intercom, Freshdesk): the next pull starts a new window at the high-water mark.
   */
  next: Record<string, unknown> | null;
}

/** An incremental reader of one vendor's API. */
export interface PullSource {
  vendor: 'zendesk' | 'intercom' | 'freshdesk';
  format: HelpdeskFormat;
  /** Names the account (subdomain, workspace host) for the stored cursor; never a credential. */
  account: string;
  /** The cursor of a first pull: everything updated at or after `since`. */
  initialCursor(since: Date): Record<string, unknown>;
  /** The cursor that restarts the window at `hwm` (ISO) after the vendor refused a cursor as expired. */
  restartCursor(hwm: string): Record<string, unknown>;
  /** Whether a failed request means "this cursor is no longer valid" (start again from the high-water mark). */
  isExpiredCursor(err: PullHttpError, cursor: Record<string, unknown>): boolean;
  /** Pages from `cursor` until the vendor has nothing newer. */
  pages(cursor: Record<string, unknown>): AsyncGenerator<PulledPage>;
}
