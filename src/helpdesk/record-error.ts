import { CxqaError } from '../error/cxqa-error.js';

/** Where a vendor record sits in an export: the file, its 1-based record number and, for JSONL, the line. */
export interface RecordLocation {
  file: string;
  record: number;
  line?: number;
}

/**
 * A vendor record that could not be turned into a transcript. Names file, record number (and line for
 * JSONL) and the vendor field, e.g. `tickets.json: record 12 (field comments[3].created_at): expected a time`.
 */
export class HelpdeskRecordError extends CxqaError {
  readonly location: RecordLocation;
  readonly field: string | undefined;
  readonly recordId: string | undefined;

  constructor(code: string, location: RecordLocation, field: string | undefined, message: string, recordId?: string) {
    const where = `${location.file}: record ${location.record}${location.line !== undefined ? ` (line ${location.line})` : ''}`;
    super(code, `${where}${field ? ` (field ${field})` : ''}${recordId ? ` [id ${recordId}]` : ''}: ${message}`);
    this.location = location;
    this.field = field;
    this.recordId = recordId;
  }
}

/** Thrown by a vendor mapping: the vendor field at fault and what is wrong with it. */
export class FieldError extends CxqaError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('HELPDESK_FIELD', message);
  }
}

/** A record that is fine but holds nothing to score (e.g. only internal notes); counted under its reason. */
export class SkipRecord extends CxqaError {
  constructor(readonly reason: string) {
    super('HELPDESK_SKIP', reason);
  }
}
