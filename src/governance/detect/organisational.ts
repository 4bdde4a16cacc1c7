import type { DetectedSpan } from './span.js';

/** Mailboxes of a team rather than a person (`support@`, `billing@`, `no-reply@`, ...). */
const ROLE_MAILBOX =
  /^(?:support|help|helpdesk|service|customerservice|customer-service|customercare|care|billing|accounts|info|contact|sales|team|hello|admin|orders|returns|refunds|privacy|dpo|security|feedback|enquiries|inquiries|complaints|no-?reply|donotreply|do-not-reply|notifications?)(?:[._+-][a-z0-9]+)*@/i;

/** Toll-free and non-geographic service numbers: NANP 1-8xx, UK 0800/0808 and 03xx, international +800. */
function isServiceNumber(digits: string): boolean {
  return /^1?8(?:00|33|44|55|66|77|88)\d{7}$/.test(digits) || /^(?:44|0)(?:80[08]|3\d\d)\d{6,7}$/.test(digits) || /^800\d{8}$/.test(digits);
}

/**
 * Whether a detected email or phone number belongs to an organisation rather than a person: a role
 * mailbox or a toll-free / service line. Agents give these out all the time; they are not personal data.
 */
export function isOrganisationalContact(span: DetectedSpan): boolean {
  if (span.type === 'email') return ROLE_MAILBOX.test(span.match);
  if (span.type === 'phone') return isServiceNumber(span.normalized);
  return false;
}
