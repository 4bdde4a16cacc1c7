import type { Role } from '../transcript/schema.js';
import type { HelpdeskFormat } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { isoTime, optionalIsoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

/** HubSpot actor ids are typed by prefix: A- agent (user), V- visitor (contact), B- bot, E- email address, I- integration, S- system. */
function actorRole(actor: string | undefined, direction: unknown): Role {
  const prefix = actor?.slice(0, 2);
  if (prefix === 'A-') return 'agent';
  if (prefix === 'B-') return 'bot';
  if (prefix === 'V-' || prefix === 'E-') return 'customer';
  if (prefix === 'S-' || prefix === 'I-') return 'system';
  return direction === 'INCOMING' ? 'customer' : 'agent';
}

/**
 * HubSpot conversations inbox: a thread (`GET /conversations/v3/conversations/threads/{threadId}`) with its
 * messages (`GET …/threads/{threadId}/messages`, the `results`) embedded as `messages`. Field mapping: README
 * "Helpdesk formats → hubspot".
 */
export const hubspotFormat: HelpdeskFormat = {
  name: 'hubspot',
  recordNoun: 'thread',
  listKeys: ['results', 'threads'],
  singleKeys: [],
  sideloadKeys: [],
  toTranscript(thread) {
    const id = idString(thread.id);
    if (!id) throw new FieldError('id', 'a thread needs an id');
    const messages = asArray(asObject(thread.messages)?.results ?? thread.messages);
    const b = new TranscriptBuilder();
    let sawBot = false;
    let sawAgent = false;
    let visitor: string | undefined;
    const sorted = messages
      .map((raw, i) => ({ m: asObject(raw), i }))
      .map(({ m, i }) => {
        if (!m) throw new FieldError(`messages[${i}]`, 'expected a message object');
        return { m, i, at: isoTime(m.createdAt, `messages[${i}].createdAt`) };
      })
      .sort((a, c) => a.at.localeCompare(c.at) || a.i - c.i);
    for (const { m, at } of sorted) {
      const type = str(m.type) ?? 'MESSAGE';
      const actor = str(m.createdBy) ?? str(asObject(asArray(m.senders)[0])?.actorId);
      const name = str(asObject(asArray(m.senders)[0])?.name);
      if (type === 'COMMENT') {
        b.noteExcluded();
        continue;
      }
      if (type === 'ASSIGNMENT') {
        b.add({ role: 'system', event: sawBot && !sawAgent ? 'handoff' : 'transfer', text: `Assigned to ${str(m.assignedTo) ?? 'an agent'}`, at, vendorId: idString(m.id) });
        continue;
      }
      if (type === 'THREAD_STATUS_CHANGE') {
        b.add({ role: 'system', event: str(m.newStatus) === 'CLOSED' ? 'close' : 'status', text: `Thread ${String(m.newStatus ?? 'status changed').toLowerCase()}`, at, vendorId: idString(m.id) });
        continue;
      }
      const role = actorRole(actor, m.direction);
      if (role === 'customer' && actor?.startsWith('V-')) visitor ??= actor.slice(2);
      sawBot ||= role === 'bot';
      sawAgent ||= role === 'agent';
      b.add({ role, text: str(m.text) ?? htmlToPlainText(str(m.richText) ?? ''), at, author: name, vendorId: idString(m.id), attachments: attachmentNames(m.attachments, 'name', 'fileName') });
    }
    b.markBotHandoff();
    const contact = idString(thread.associatedContactId) ?? visitor;
    if (!contact) throw new FieldError('associatedContactId', 'a thread needs an associatedContactId (the customer)');
    const assigned = str(thread.assignedTo);
    const channel = CHANNELS[idString(thread.originalChannelId) ?? ''] ?? 'chat';
    return b.build(
      {
        id: `hubspot-${id}`,
        channel,
        started_at: isoTime(thread.createdAt, 'createdAt'),
        customer_id: `hubspot-contact-${contact}`,
        ...(assigned ? { agent_id: `hubspot-${assigned}` } : {}),
        metadata: clean({ source: 'hubspot', thread_id: thread.id, status: thread.status, inbox_id: thread.inboxId, original_channel_id: thread.originalChannelId, closed_at: optionalIsoTime(thread.closedAt, 'closedAt') }),
      },
      'thread',
    );
  },
};

/** HubSpot's documented channel ids: 1000 live chat, 1001 Facebook Messenger, 1002 email, 1007 WhatsApp, 1008 forms, 1009 calling. */
const CHANNELS: Record<string, string> = { '1000': 'chat', '1001': 'social', '1002': 'email', '1007': 'messaging', '1008': 'web', '1009': 'voice' };
