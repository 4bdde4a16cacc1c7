import type { Role } from '../transcript/schema.js';
import type { HelpdeskFormat } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { fivePointCsat } from './survey-scales.js';
import { isoTime, optionalIsoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

/** Intercom `source.type` → cxqa channel. */
const CHANNELS: Record<string, string> = {
  conversation: 'chat',
  chat: 'chat',
  email: 'email',
  phone_call: 'voice',
  phone_switch: 'voice',
  sms: 'sms',
  whatsapp: 'messaging',
  facebook: 'social',
  instagram: 'social',
  twitter: 'social',
  push: 'push',
};

/** Parts that (re)assign the conversation: a hand-off (after a bot) or a transfer (between people). */
const ASSIGNMENT = new Set(['assignment', 'default_assignment', 'away_mode_assignment', 'assign_and_reopen', 'assign_and_unsnooze', 'assign_and_close']);
const NOTES = new Set(['note', 'note_and_reopen']);
/** Parts that carry what someone said. */
const SPOKEN = new Set(['comment', 'open', 'quick_reply', 'reply']);

/**
 * Intercom conversations as `GET /conversations/{id}` returns them: the opening `source` message, then
 * `conversation_parts` (HTML bodies, Unix-second times). Field mapping: README "Helpdesk formats → intercom".
 */
export const intercomFormat: HelpdeskFormat = {
  name: 'intercom',
  recordNoun: 'conversation',
  listKeys: ['conversations', 'data'],
  singleKeys: ['conversation'],
  sideloadKeys: [],
  toTranscript(conv, ctx) {
    const id = idString(conv.id);
    if (!id) throw new FieldError('id', 'a conversation needs an id');
    const source = asObject(conv.source);
    const b = new TranscriptBuilder();
    let sawBot = false;
    let sawAgent = false;
    if (source) {
      const author = asObject(source.author);
      const role = roleOf(author);
      sawBot ||= role === 'bot';
      sawAgent ||= role === 'agent';
      b.add({
        role,
        text: htmlToPlainText(str(source.body) ?? ''),
        at: optionalIsoTime(conv.created_at, 'created_at'),
        author: str(author?.name),
        vendorId: idString(source.id),
        attachments: attachmentNames(source.attachments, 'name'),
      });
    }
    const partsField = asObject(conv.conversation_parts);
    const parts = asArray(partsField?.conversation_parts ?? conv.conversation_parts);
    parts.forEach((raw, i) => {
      const field = `conversation_parts.conversation_parts[${i}]`;
      const p = asObject(raw);
      if (!p) throw new FieldError(field, 'expected a conversation part object');
      const type = str(p.part_type) ?? 'comment';
      const author = asObject(p.author);
      const at = optionalIsoTime(p.created_at, `${field}.created_at`);
      const text = htmlToPlainText(str(p.body) ?? '');
      const attachments = attachmentNames(p.attachments, 'name');
      const vendorId = idString(p.id);
      if (NOTES.has(type)) {
        if (!ctx.options.includeNotes) return b.noteExcluded();
        b.add({ role: 'system', event: 'internal_note', text: `[internal note] ${text}`.trim(), at, author: str(author?.name), vendorId, attachments });
        return;
      }
      if (ASSIGNMENT.has(type)) {
        const to = asObject(p.assigned_to);
        const name = str(to?.name) ?? (to ? `${str(to.type) ?? 'admin'} ${idString(to.id) ?? ''}`.trim() : undefined);
        if (text || attachments.length) {
          const role = roleOf(author);
          b.add({ role, text, at, author: str(author?.name), vendorId, attachments });
        }
        if (to) {
          b.add({ role: 'system', event: sawBot && !sawAgent ? 'handoff' : 'transfer', text: `Assigned to ${name}`, at, vendorId: text ? undefined : vendorId });
        }
        return;
      }
      if (type === 'close') {
        if (text) b.add({ role: roleOf(author), text, at, author: str(author?.name), vendorId, attachments });
        b.add({ role: 'system', event: 'close', text: `Closed by ${str(author?.name) ?? str(author?.type) ?? 'Intercom'}`, at });
        return;
      }
      if (!SPOKEN.has(type) && !text && attachments.length === 0) return; // snoozed, attribute updates, …: no words
      const role = roleOf(author);
      sawBot ||= role === 'bot';
      sawAgent ||= role === 'agent';
      b.add({ role, text, at, author: str(author?.name), vendorId, attachments });
    });
    b.markBotHandoff();
    const rating = asObject(conv.conversation_rating);
    const csat = fivePointCsat(rating?.rating);
    const contact = asObject(asArray(asObject(conv.contacts)?.contacts)[0]) ?? (isCustomer(asObject(source?.author)) ? asObject(source?.author) : undefined);
    const customer = idString(contact?.id);
    if (!customer) throw new FieldError('contacts.contacts[0].id', 'a conversation needs a contact (the customer)');
    const aiAgent = asObject(conv.ai_agent);
    const admin = idString(conv.admin_assignee_id);
    return b.build(
      {
        id: `intercom-${id}`,
        channel: CHANNELS[str(source?.type) ?? ''] ?? str(source?.type) ?? 'chat',
        started_at: isoTime(conv.created_at, 'created_at'),
        customer_id: `intercom-contact-${customer}`,
        ...(admin ? { agent_id: `intercom-admin-${admin}` } : {}),
        ...(csat ? { survey: { csat } } : {}),
        metadata: clean({
          source: 'intercom',
          conversation_id: conv.id,
          state: conv.state,
          title: conv.title,
          source_type: source?.type,
          delivered_as: source?.delivered_as,
          contact_id: contact?.id,
          external_id: contact?.external_id,
          admin_assignee_id: conv.admin_assignee_id,
          team_assignee_id: conv.team_assignee_id,
          tags: asArray(asObject(conv.tags)?.tags).map((t) => asObject(t)?.name).filter(Boolean),
          updated_at: typeof conv.updated_at === 'number' ? isoTime(conv.updated_at, 'updated_at') : undefined,
          satisfaction: rating ? clean({ rating: rating.rating, remark: rating.remark, created_at: rating.created_at }) : undefined,
          ai_agent_participated: conv.ai_agent_participated,
          ai_agent: aiAgent
            ? clean({ resolution_state: aiAgent.resolution_state, last_answer_type: aiAgent.last_answer_type, source_type: aiAgent.source_type, rating: aiAgent.rating })
            : undefined,
        }),
      },
      'conversation',
    );
  },
};

function isCustomer(author: Record<string, unknown> | undefined): boolean {
  return author?.type === 'user' || author?.type === 'lead' || author?.type === 'contact';
}

/** user / lead / contact → customer; bot (Fin, Operator) or an admin part flagged as from the AI agent → bot; admin → agent. */
function roleOf(author: Record<string, unknown> | undefined): Role {
  const type = str(author?.type);
  if (type === 'user' || type === 'lead' || type === 'contact') return 'customer';
  if (type === 'bot' || author?.from_ai_agent === true || author?.is_ai_answer === true) return 'bot';
  if (type === 'admin') return 'agent';
  return 'system';
}
