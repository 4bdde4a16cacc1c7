import type { InternalErrorCode, UsageErrorCode } from './error-codes.js';

/**
 * Base class of every error cxqa raises on purpose. `code` is stable: scripts and tests match on it,
 * never on the message text. Subclasses add the location (file, line, field) that produced the error.
 */
export class CxqaError<C extends string = string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export type { InputErrorCode } from './error-codes.js';

/** Where in an input file a problem was found. `line` is 1-based; `field` is a dotted path. */
export interface SourceLocation {
  file: string;
  line?: number;
  field?: string;
}

export function formatLocation(loc: SourceLocation): string {
  let out = loc.file;
  if (loc.line !== undefined) out += `:${loc.line}`;
  if (loc.field) out += ` (field ${loc.field})`;
  return out;
}

/** A bad input: a transcript line, a rubric, a config or an eval set. Subclasses narrow `code` to their union; codes raised directly are {@link InputErrorCode}. */
export class InputError<C extends string = string> extends CxqaError<C> {
  readonly location: SourceLocation;

  constructor(code: C, location: SourceLocation, message: string, options?: { cause?: unknown }) {
    super(code, `${formatLocation(location)}: ${message}`, options);
    this.location = location;
  }
}

/** The command line or configuration is wrong: nothing was done. Maps to exit code 2. */
export class UsageError extends CxqaError<UsageErrorCode> {
  constructor(message: string, code: UsageErrorCode = 'USAGE', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** cxqa itself is broken or badly installed (exit 70): not the user's input. */
export class InternalError extends CxqaError<InternalErrorCode> {}
