import { detectEmails } from '../../governance/detect/email.js';
import { detectSensitive, type DetectedSpan } from '../../governance/detect/index.js';
import { maskValue } from '../../governance/detect/mask.js';
import { isOrganisationalContact } from '../../governance/detect/organisational.js';
import { detectPhones, samePhone } from '../../governance/detect/phone.js';
import type { RuleOf } from '../../rubric/rule-schema.js';
import type { Transcript } from '../../transcript/schema.js';
import type { Evidence } from '../../values/verdict.js';
import type { RuleOutcome } from './pattern-rules.js';
import { MAX_RULE_EVIDENCE } from './rule-result.js';
import { describeScope, type ScopedMessage } from './scope.js';

/** The customer's own contact details: what they wrote in their messages, plus `metadata.customer_email/phone`. */
export interface CustomerContacts {
  emails: Set<string>;
  phones: string[];
}

const TYPE_LABEL: Record<DetectedSpan['type'], string> = {
  card: 'payment card number',
  iban: 'IBAN',
  ssn: 'SSN',
  email: "email address that is not the customer's",
  phone: "phone number that is not the customer's",
  ip: 'IP address',
};

/** Collects the customer's own email addresses and phone numbers, which agents may echo back. */
export function customerContacts(transcript: Transcript): CustomerContacts {
  const emails = new Set<string>();
  const phones: string[] = [];
  const addText = (text: string) => {
    for (const e of detectEmails(text)) emails.add(e.normalized);
    for (const p of detectPhones(text, { assumeContext: true })) phones.push(p.normalized);
  };
  for (const m of transcript.messages) if (m.role === 'customer') addText(m.text);
  const meta = transcript.metadata ?? {};
  for (const key of ['customer_email', 'customer_phone']) {
    const value = meta[key];
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') addText(v);
  }
  return { emails, phones };
}

function isCustomers(span: DetectedSpan, own: CustomerContacts): boolean {
  if (span.type === 'email') return own.emails.has(span.normalized);
  if (span.type === 'phone') return own.phones.some((p) => samePhone(p, span.normalized));
  return false;
}

type SensitiveDataRule = RuleOf<'sensitive_data'>;
const allowCache = new WeakMap<SensitiveDataRule, RegExp[]>();

/** Values the rule lets through: the customer's own contacts, organisational ones, and the rule's `allow` list. */
function isAllowed(span: DetectedSpan, own: () => CustomerContacts, rule: SensitiveDataRule): boolean {
  // The customer's contacts are only looked up for an email or phone span (most rules and messages have none).
  if (((span.type === 'email' || span.type === 'phone') && isCustomers(span, own())) || isOrganisationalContact(span)) return true;
  let allow = allowCache.get(rule);
  if (!allow) {
    allow = rule.allow.map((p) => new RegExp(p, 'i'));
    allowCache.set(rule, allow);
  }
  return allow.some((re) => re.test(span.match));
}

/**
 * sensitive_data: no payment card, IBAN, SSN, or someone else's email or phone number in the scoped messages.
 * The customer's own contacts, role mailboxes (support@...), toll-free lines and the rule's `allow` list pass.
 * Evidence quotes are masked (`4111 **** **** 1111`), so verdicts and findings never store the value itself.
 */
export function checkSensitiveData(rule: SensitiveDataRule, scoped: readonly ScopedMessage[], transcript: Transcript): RuleOutcome {
  const where = describeScope(rule.scope);
  let ownContacts: CustomerContacts | undefined;
  const own = () => (ownContacts ??= customerContacts(transcript));
  const hits: { message: number; span: DetectedSpan }[] = [];
  for (const { index, message } of scoped) {
    for (const span of detectSensitive(message.text, rule.types)) {
      if (!isAllowed(span, own, rule)) hits.push({ message: index, span });
    }
  }
  if (hits.length === 0) {
    const contacts = rule.types.includes('email') || rule.types.includes('phone') ? " (the customer's own contacts and organisational ones are allowed)" : '';
    return { value: 'pass', rationale: `no ${rule.types.join(', ')} data in ${where}${contacts}`, evidence: [] };
  }
  const evidence: Evidence[] = hits.slice(0, MAX_RULE_EVIDENCE).map((h) => ({ message: h.message, quote: maskValue(h.span.type, h.span.match) }));
  const first = hits[0]!;
  const more = hits.length > 1 ? ` (+${hits.length - 1} more)` : '';
  return {
    value: 'fail',
    rationale: `sensitive data in ${where}: ${TYPE_LABEL[first.span.type]} in message ${first.message} (${evidence[0]!.quote})${more}`,
    evidence,
  };
}
