import type { HelpdeskFormat } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { fivePointCsat } from './survey-scales.js';
import { isoTime, optionalIsoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

const CHANNELS: Record<string, string> = { email: 'email', chat: 'chat', phone: 'voice', sms: 'sms', 'facebook-messenger': 'social', facebook: 'social', instagram: 'social', 'instagram-direct-message': 'social', 'whatsapp': 'messaging', 'contact_form': 'web', api: 'api' };

/**
 * Gorgias: tickets as `GET /api/tickets/{id}` returns them with their `messages` (or `GET /api/tickets/{id}/messages`
 * embedded), satisfaction surveys side-loaded as `satisfaction_surveys` (`GET /api/satisfaction-surveys`) by
 * `ticket_id`. Times without an offset are UTC. Field mapping: README "Helpdesk formats → gorgias".
 */
export const gorgiasFormat: HelpdeskFormat = {
  name: 'gorgias',
  recordNoun: 'ticket',
  listKeys: ['data', 'tickets'],
  singleKeys: [],
  sideloadKeys: ['satisfaction_surveys'],
  sideloadIndex: (key, value) => (key === 'satisfaction_surveys' ? idString(value.ticket_id) : idString(value.id)),
  toTranscript(ticket, ctx) {
    const id = idString(ticket.id);
    if (!id) throw new FieldError('id', 'a ticket needs an id');
    const b = new TranscriptBuilder();
    const messages = asArray(asObject(ticket.messages)?.data ?? ticket.messages)
      .map((raw, i) => {
        const m = asObject(raw);
        if (!m) throw new FieldError(`messages[${i}]`, 'expected a message object');
        return { m, i, at: isoTime(m.sent_datetime ?? m.created_datetime, `messages[${i}].created_datetime`) };
      })
      .sort((a, c) => a.at.localeCompare(c.at) || a.i - c.i);
    for (const { m, at } of messages) {
      if (m.deleted_datetime) continue;
      const text = str(m.stripped_text) ?? str(m.body_text) ?? htmlToPlainText(str(m.stripped_html) ?? str(m.body_html) ?? '');
      const sender = asObject(m.sender);
      const attachments = attachmentNames(m.attachments, 'name');
      if (m.public === false) {
        if (!ctx.options.includeNotes) {
          b.noteExcluded();
          continue;
        }
        b.add({ role: 'system', event: 'internal_note', text: `[internal note] ${text}`.trim(), at, author: str(sender?.name), vendorId: idString(m.id), attachments });
        continue;
      }
      // Rules and automations send on the agents' side without a person: the bot.
      const automated = m.from_agent === true && (m.via === 'rule' || m.rule_id !== undefined && m.rule_id !== null);
      b.add({ role: m.from_agent === true ? (automated ? 'bot' : 'agent') : 'customer', text, at, author: str(sender?.name), vendorId: idString(m.id), attachments });
    }
    b.markBotHandoff();
    const customer = idString(asObject(ticket.customer)?.id);
    if (!customer) throw new FieldError('customer.id', 'a ticket needs a customer');
    const assignee = idString(asObject(ticket.assignee_user)?.id);
    const surveyRecord = ctx.sideloads.get('satisfaction_surveys')?.get(id) ?? asObject(ticket.satisfaction_survey);
    const csat = fivePointCsat(surveyRecord?.score);
    return b.build(
      {
        id: `gorgias-${id}`,
        channel: CHANNELS[str(ticket.channel) ?? ''] ?? str(ticket.channel) ?? 'email',
        started_at: isoTime(ticket.created_datetime, 'created_datetime'),
        customer_id: `gorgias-customer-${customer}`,
        ...(assignee ? { agent_id: `gorgias-user-${assignee}` } : {}),
        ...(csat ? { survey: { csat } } : {}),
        metadata: clean({
          source: 'gorgias',
          ticket_id: ticket.id,
          status: ticket.status,
          subject: ticket.subject,
          via: ticket.via,
          tags: asArray(ticket.tags).map((t) => asObject(t)?.name).filter(Boolean),
          closed_at: optionalIsoTime(ticket.closed_datetime, 'closed_datetime'),
          satisfaction: surveyRecord ? clean({ score: surveyRecord.score, body_text: surveyRecord.body_text, id: surveyRecord.id }) : undefined,
        }),
      },
      'ticket',
    );
  },
};
