import type { DetectedSpan, SensitiveType } from './span.js';
import { detectSensitive, SENSITIVE_TYPES } from './index.js';

/**
 * Replaces the characters matching `keep` with `*`, except the first `first` and last `last` of them;
 * separators stay, so `4111 1111 1111 1111` becomes `4111 **** **** 1111`.
 */
function maskChars(text: string, isCounted: (ch: string) => boolean, first: number, last: number): string {
  const total = [...text].filter(isCounted).length;
  let seen = 0;
  let out = '';
  for (const ch of text) {
    if (!isCounted(ch)) {
      out += ch;
      continue;
    }
    seen += 1;
    out += seen <= first || seen > total - last ? ch : '*';
  }
  return out;
}

const isDigit = (ch: string) => ch >= '0' && ch <= '9';
const isAlnum = (ch: string) => /[A-Za-z0-9]/.test(ch);

/**
 * A masked form of detected sensitive data, safe to store and display:
 * card `4111 **** **** 1111` (first and last 4), IBAN `GB** **** **** **** **54 32` (country and last 4),
 * SSN `***-**-6789`, email `j***@example.com`, phone last 4 digits (last 2 when shorter than 8), IP `10.*.*.7`.
 */
export function maskValue(type: SensitiveType, text: string): string {
  switch (type) {
    case 'card':
      return maskChars(text, isDigit, 4, 4);
    case 'iban':
      return maskChars(text, isAlnum, 2, 4);
    case 'ssn':
      return maskChars(text, isDigit, 0, 4);
    case 'email': {
      const at = text.lastIndexOf('@');
      return `${text.slice(0, 1)}***${text.slice(at)}`;
    }
    case 'phone': {
      const digits = [...text].filter(isDigit).length;
      return maskChars(text, isDigit, 0, digits >= 8 ? 4 : 2);
    }
    case 'ip':
      return text.includes(':') ? text.replace(/[0-9a-f]{1,4}(?=:)/gi, '*') : text.replace(/\.\d+\.\d+\./, '.*.*.');
  }
}

/** `text` with the given spans masked (spans must not overlap). */
export function maskSpans(text: string, spans: readonly DetectedSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, s.start) + maskValue(s.type, s.match);
    at = s.end;
  }
  return out + text.slice(at);
}

/** `text` with every detectable sensitive value masked; used before any quote is stored as a finding. */
export function maskSensitive(text: string, types: readonly SensitiveType[] = SENSITIVE_TYPES): string {
  return maskSpans(text, detectSensitive(text, types));
}
