import { detectCards } from './card.js';
import { detectEmails } from './email.js';
import { detectIbans } from './iban.js';
import { detectIps } from './ip.js';
import { detectPhones } from './phone.js';
import { detectSsns } from './ssn.js';
import { dropOverlaps, type DetectedSpan, type SensitiveType } from './span.js';

export type { DetectedSpan, SensitiveType } from './span.js';

/** Every sensitive type, most specific first: when two detectors claim the same text, the earlier wins. */
export const SENSITIVE_TYPES: readonly SensitiveType[] = ['card', 'iban', 'ssn', 'email', 'ip', 'phone'];

const HAS_DIGIT = /\d/;

/** Options of {@link detectSensitive}. */
export interface DetectOptions {
  /** Take a bare 10-digit number (11 starting with 1) as a phone number without a phone word (used before text goes to a model). */
  bareNationalPhones?: boolean;
}

const DETECTORS: Record<SensitiveType, (text: string, opts: DetectOptions) => DetectedSpan[]> = {
  card: detectCards,
  iban: detectIbans,
  ssn: detectSsns,
  email: detectEmails,
  phone: (text, opts) => detectPhones(text, { bareNational: opts.bareNationalPhones === true }),
  ip: detectIps,
};

/**
 * The sensitive data of the given types in `text`, in text order, without overlaps: a card number is never
 * also reported as a phone number, even when only phones are asked for.
 */
export function detectSensitive(text: string, types: readonly SensitiveType[] = SENSITIVE_TYPES, opts: DetectOptions = {}): DetectedSpan[] {
  // Cheap exact pre-checks (most chat messages need no regex pass): every detector but email needs a digit,
  // except IPv6, which needs two colons; email needs an `@`.
  const digit = HAS_DIGIT.test(text);
  const at = text.includes('@');
  const colons = text.indexOf(':') !== text.lastIndexOf(':');
  if (!digit && !at && !colons) return [];
  // Run every detector so overlaps resolve the same way whatever was asked for, then keep the wanted types.
  const spans: DetectedSpan[] = [];
  for (const t of SENSITIVE_TYPES) {
    if (t === 'email' ? !at : t === 'ip' ? !digit && !colons : !digit) continue;
    spans.push(...DETECTORS[t](text, opts));
  }
  const wanted = new Set(types);
  return dropOverlaps(spans, SENSITIVE_TYPES).filter((s) => wanted.has(s.type));
}
