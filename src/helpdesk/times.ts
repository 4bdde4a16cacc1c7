import { FieldError } from './record-error.js';

const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * A vendor time as ISO 8601 in UTC (`…Z`). Numbers are Unix seconds (Intercom); strings are ISO 8601 with or
 * without an offset (one without is taken as UTC, as Gorgias and Salesforce exports mean it), `+0000` style
 * offsets included. Anything else is a {@link FieldError} naming `field`.
 */
export function isoTime(value: unknown, field: string): string {
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value * 1000;
  else if (typeof value === 'string' && value.trim() !== '') {
    const text = value.trim();
    if (/^\d+(?:\.\d+)?$/.test(text)) ms = Number(text) * 1000;
    else {
      const withZone = HAS_OFFSET.test(text) ? text : `${text}Z`;
      // "+0000" → "+00:00"; Date accepts both on V8, but not every engine does.
      ms = Date.parse(withZone.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    }
  } else throw new FieldError(field, `expected a time (ISO 8601 or Unix seconds), got ${describe(value)}`);
  if (!Number.isFinite(ms)) throw new FieldError(field, `not a valid time: ${describe(value)}`);
  return new Date(ms).toISOString();
}

/** `isoTime` for an optional field: undefined/null stay undefined. */
export function optionalIsoTime(value: unknown, field: string): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : isoTime(value, field);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
