import { createHash } from 'node:crypto';
import type { HelpdeskFormat } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { isoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

const CHANNELS: Record<string, string> = { email: 'email', sms: 'sms', whatsapp: 'messaging', smooch: 'messaging', intercom: 'chat', front_chat: 'chat', call: 'voice', tweet: 'social', tweet_dm: 'social', facebook: 'social', custom: 'messaging' };

/**
 * Front: a conversation (`GET /conversations/{id}`) with its messages (`GET /conversations/{id}/messages`,
 * the `_results`) embedded as `messages` and, optionally, its comments (internal discussion,
 * `GET /conversations/{id}/comments`) as `comments`. Times are Unix seconds. Field mapping: README
 * "Helpdesk formats → front".
 */
export const frontFormat: HelpdeskFormat = {
  name: 'front',
  recordNoun: 'conversation',
  listKeys: ['_results', 'conversations'],
  singleKeys: [],
  sideloadKeys: [],
  toTranscript(conv, ctx) {
    const id = idString(conv.id);
    if (!id) throw new FieldError('id', 'a conversation needs an id');
    type Item = { at: string; add: () => void };
    const items: Item[] = [];
    const b = new TranscriptBuilder();
    const messages = asArray(asObject(conv.messages)?._results ?? conv.messages);
    let firstType: string | undefined;
    messages.forEach((raw, i) => {
      const m = asObject(raw);
      if (!m) throw new FieldError(`messages[${i}]`, 'expected a message object');
      if (m.is_draft === true) return;
      const at = isoTime(m.created_at, `messages[${i}].created_at`);
      firstType ??= str(m.type);
      const author = asObject(m.author);
      const name = [str(author?.first_name), str(author?.last_name)].filter(Boolean).join(' ') || str(author?.username);
      const from = asArray(m.recipients).map(asObject).find((r) => r?.role === 'from');
      items.push({
        at,
        add: () =>
          b.add({
            role: m.is_inbound === true ? 'customer' : 'agent',
            text: str(m.text) ?? htmlToPlainText(str(m.body) ?? ''),
            at,
            author: m.is_inbound === true ? str(from?.name) : name,
            vendorId: idString(m.id),
            attachments: attachmentNames(m.attachments, 'filename'),
          }),
      });
    });
    asArray(asObject(conv.comments)?._results ?? conv.comments).forEach((raw, i) => {
      const c = asObject(raw);
      if (!c) return;
      const at = isoTime(c.posted_at ?? c.created_at, `comments[${i}].posted_at`);
      items.push({
        at,
        add: () => (ctx.options.includeNotes ? b.add({ role: 'system', event: 'internal_note', text: `[internal note] ${str(c.body) ?? ''}`.trim(), at, vendorId: idString(c.id) }) : b.noteExcluded()),
      });
    });
    items.sort((a, c) => a.at.localeCompare(c.at)).forEach((item) => item.add());
    const recipient = asObject(conv.recipient);
    const contactLink = str(asObject(asObject(recipient?._links)?.related)?.contact);
    const contact = contactLink?.split('/').pop() ?? (str(recipient?.handle) ? `handle-${createHash('sha256').update(str(recipient?.handle)!).digest('hex').slice(0, 16)}` : undefined);
    if (!contact) throw new FieldError('recipient', 'a conversation needs a recipient (the customer)');
    const assignee = idString(asObject(conv.assignee)?.id);
    return b.build(
      {
        id: `front-${id}`,
        channel: CHANNELS[firstType ?? ''] ?? firstType ?? 'email',
        started_at: isoTime(conv.created_at ?? asObject(messages[0])?.created_at, 'created_at'),
        customer_id: `front-contact-${contact}`,
        ...(assignee ? { agent_id: `front-teammate-${assignee}` } : {}),
        metadata: clean({ source: 'front', conversation_id: conv.id, status: conv.status, subject: conv.subject, tags: asArray(conv.tags).map((t) => asObject(t)?.name).filter(Boolean) }),
      },
      'conversation',
    );
  },
};
