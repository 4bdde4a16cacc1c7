/**
 * Base class of every error cxqa raises on purpose. `code` is stable: scripts and tests match on it,
 * never on the message text. Subclasses add the location (file, line, field) that produced the error.
 */
export class CxqaError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

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

/** A bad input: a transcript line, a rubric, a config or an eval set. */
export class InputError extends CxqaError {
  readonly location: SourceLocation;

  constructor(code: string, location: SourceLocation, message: string, options?: { cause?: unknown }) {
    super(code, `${formatLocation(location)}: ${message}`, options);
    this.location = location;
  }
}

/** The command line or configuration is wrong: nothing was done. Maps to exit code 2. */
export class UsageError extends CxqaError {
  constructor(message: string, code = 'USAGE', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
