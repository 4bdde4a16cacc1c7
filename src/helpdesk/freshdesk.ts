import type { HelpdeskFormat, MappingContext } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { freshdeskRatingToCsat } from './survey-scales.js';
import { isoTime, optionalIsoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

/** Ticket `source` codes (Freshdesk API v2) → cxqa channel. */
const TICKET_SOURCES: Record<number, string> = {
  1: 'email',
  2: 'web', // portal
  3: 'voice', // phone
  5: 'social', // Twitter
  6: 'social', // Facebook
  7: 'chat',
  8: 'messaging', // Mobihelp
  9: 'web', // feedback widget
  10: 'email', // outbound email
  11: 'ecommerce',
};

/** Conversation `source` codes: what kind of entry it is. */
const CONVERSATION_SOURCES: Record<number, string> = {
  0: 'reply',
  2: 'note',
  5: 'tweet',
  6: 'survey_feedback',
  7: 'facebook',
  8: 'forwarded_email',
  9: 'phone',
  10: 'mobihelp',
  11: 'ecommerce',
};

const STATUS: Record<number, string> = { 2: 'open', 3: 'pending', 4: 'resolved', 5: 'closed' };

/**
 * Freshdesk tickets as `GET /api/v2/tickets/{id}?include=conversations` returns them (the description is the
 * requester's first message), satisfaction ratings embedded as `satisfaction_ratings` (what `cxqa pull`
 * adds) or side-loaded from `GET /api/v2/surveys/satisfaction_ratings` (`--ratings`). Field mapping:
 * README "Helpdesk formats → freshdesk".
 */
export const freshdeskFormat: HelpdeskFormat = {
  name: 'freshdesk',
  recordNoun: 'ticket',
  listKeys: ['tickets', 'results'],
  singleKeys: ['ticket'],
  sideloadKeys: ['satisfaction_ratings'],
  sideloadIndex: (key, value) => (key === 'satisfaction_ratings' ? idString(value.ticket_id) : idString(value.id)),
  toTranscript(ticket, ctx) {
    const id = idString(ticket.id);
    if (!id) throw new FieldError('id', 'a ticket needs an id');
    const requester = idString(ticket.requester_id);
    if (!requester) throw new FieldError('requester_id', 'a ticket needs a requester_id (the customer)');
    const requesterName = str(asObject(ticket.requester)?.name);
    const b = new TranscriptBuilder();
    b.add({
      role: 'customer',
      text: str(ticket.description_text) ?? htmlToPlainText(str(ticket.description) ?? ''),
      at: optionalIsoTime(ticket.created_at, 'created_at'),
      author: requesterName,
      attachments: attachmentNames(ticket.attachments, 'name'),
    });
    asArray(ticket.conversations).forEach((raw, i) => {
      const field = `conversations[${i}]`;
      const c = asObject(raw);
      if (!c) throw new FieldError(field, 'expected a conversation object');
      const text = str(c.body_text) ?? htmlToPlainText(str(c.body) ?? '');
      const at = optionalIsoTime(c.created_at, `${field}.created_at`);
      const attachments = attachmentNames(c.attachments, 'name');
      const vendorId = idString(c.id);
      if (c.private === true) {
        if (!ctx.options.includeNotes) return b.noteExcluded();
        b.add({ role: 'system', event: 'internal_note', text: `[internal note] ${text}`.trim(), at, vendorId, attachments });
        return;
      }
      // incoming: the entry came from outside (the requester or a contact); otherwise an agent wrote it.
      const fromCustomer = c.incoming === true || (c.incoming === undefined && idString(c.user_id) === requester);
      b.add({ role: fromCustomer ? 'customer' : 'agent', text, at, author: fromCustomer ? requesterName : undefined, vendorId, attachments });
    });
    const { survey, satisfaction } = surveyOf(ticket, ctx, id);
    const responder = idString(ticket.responder_id);
    const source = typeof ticket.source === 'number' ? ticket.source : undefined;
    return b.build(
      {
        id: `freshdesk-${id}`,
        channel: (source !== undefined ? TICKET_SOURCES[source] : undefined) ?? 'email',
        started_at: isoTime(ticket.created_at, 'created_at'),
        customer_id: `freshdesk-contact-${requester}`,
        ...(responder ? { agent_id: `freshdesk-agent-${responder}` } : {}),
        ...(survey ? { survey } : {}),
        metadata: clean({
          source: 'freshdesk',
          ticket_id: ticket.id,
          ticket_source: source,
          conversation_sources: asArray(ticket.conversations).map((c) => {
            const code = asObject(c)?.source;
            return typeof code === 'number' ? (CONVERSATION_SOURCES[code] ?? code) : null;
          }),
          status: typeof ticket.status === 'number' ? (STATUS[ticket.status] ?? ticket.status) : ticket.status,
          subject: ticket.subject,
          type: ticket.type,
          tags: ticket.tags,
          requester_id: ticket.requester_id,
          responder_id: ticket.responder_id,
          group_id: ticket.group_id,
          company_id: ticket.company_id,
          updated_at: ticket.updated_at,
          satisfaction,
        }),
      },
      'ticket',
    );
  },
};

/** The latest satisfaction rating's `default_question` answer on Freshdesk's ±103 scale, mapped onto 1–5. */
function surveyOf(ticket: Record<string, unknown>, ctx: MappingContext, id: string): { survey?: { csat: number }; satisfaction?: unknown } {
  const embedded = asArray(ticket.satisfaction_ratings).map(asObject).filter((r): r is Record<string, unknown> => r !== undefined);
  const side = ctx.sideloads.get('satisfaction_ratings')?.get(id);
  const ratings = embedded.length ? embedded : side ? [side] : [];
  if (ratings.length === 0) return {};
  const latest = ratings.reduce((a, r) => (String(r.created_at ?? '') > String(a.created_at ?? '') ? r : a));
  const answers = asObject(latest.ratings) ?? {};
  const value = answers.default_question;
  const csat = freshdeskRatingToCsat(value);
  const satisfaction = clean({ id: latest.id, survey_id: latest.survey_id, ratings: latest.ratings, feedback: latest.feedback, created_at: latest.created_at });
  return csat ? { survey: { csat }, satisfaction } : { satisfaction };
}
