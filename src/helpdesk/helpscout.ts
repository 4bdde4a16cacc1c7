import type { HelpdeskFormat } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { facesToCsat } from './survey-scales.js';
import { isoTime, optionalIsoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

/**
 * Help Scout Mailbox API 2.0: `GET /v2/conversations/{id}?embed=threads` (threads in `_embedded.threads`,
 * newest first; sorted here), ratings side-loaded as `ratings` (`GET /v2/ratings/{id}`) by `conversationId`.
 * Field mapping: README "Helpdesk formats → helpscout".
 */
export const helpscoutFormat: HelpdeskFormat = {
  name: 'helpscout',
  recordNoun: 'conversation',
  listKeys: ['conversations'],
  singleKeys: [],
  sideloadKeys: ['ratings'],
  sideloadIndex: (key, value) => (key === 'ratings' ? idString(value.conversationId) : idString(value.id)),
  toTranscript(conv, ctx) {
    const id = idString(conv.id);
    if (!id) throw new FieldError('id', 'a conversation needs an id');
    const embedded = asObject(conv._embedded);
    const threads = asArray(embedded?.threads ?? conv.threads)
      .map((raw, i) => {
        const t = asObject(raw);
        if (!t) throw new FieldError(`_embedded.threads[${i}]`, 'expected a thread object');
        return { t, i, at: isoTime(t.createdAt, `_embedded.threads[${i}].createdAt`) };
      })
      .sort((a, c) => a.at.localeCompare(c.at) || c.i - a.i);
    const b = new TranscriptBuilder();
    for (const { t, at } of threads) {
      const type = str(t.type) ?? 'message';
      const by = asObject(t.createdBy);
      const name = [str(by?.first), str(by?.last)].filter(Boolean).join(' ') || undefined;
      const attachments = attachmentNames(asObject(t._embedded)?.attachments, 'filename');
      const text = htmlToPlainText(str(t.body) ?? '');
      if (type === 'note') {
        if (!ctx.options.includeNotes) {
          b.noteExcluded();
          continue;
        }
        b.add({ role: 'system', event: 'internal_note', text: `[internal note] ${text}`.trim(), at, author: name, vendorId: idString(t.id), attachments });
        continue;
      }
      if (type === 'lineitem') {
        const action = asObject(t.action);
        const what = str(action?.text) ?? str(action?.type) ?? 'status change';
        b.add({ role: 'system', event: /assign/i.test(what) ? 'transfer' : /clos/i.test(what) ? 'close' : 'status', text: what, at, vendorId: idString(t.id) });
        continue;
      }
      const customer = type === 'customer' || by?.type === 'customer';
      b.add({ role: customer ? 'customer' : 'agent', text, at, author: name, vendorId: idString(t.id), attachments });
    }
    const primary = asObject(conv.primaryCustomer);
    const customerId = idString(primary?.id);
    if (!customerId) throw new FieldError('primaryCustomer.id', 'a conversation needs a primaryCustomer (the customer)');
    const assignee = idString(asObject(conv.assignee)?.id);
    const rating = ctx.sideloads.get('ratings')?.get(id);
    const csat = facesToCsat(rating?.rating);
    return b.build(
      {
        id: `helpscout-${id}`,
        channel: str(conv.type) === 'phone' ? 'voice' : (str(conv.type) ?? 'email'),
        started_at: isoTime(conv.createdAt, 'createdAt'),
        customer_id: `helpscout-customer-${customerId}`,
        ...(assignee ? { agent_id: `helpscout-user-${assignee}` } : {}),
        ...(csat ? { survey: { csat } } : {}),
        metadata: clean({
          source: 'helpscout',
          conversation_id: conv.id,
          number: conv.number,
          mailbox_id: conv.mailboxId,
          status: conv.status,
          subject: conv.subject,
          tags: asArray(conv.tags).map((t) => asObject(t)?.tag).filter(Boolean),
          closed_at: optionalIsoTime(conv.closedAt, 'closedAt'),
          satisfaction: rating ? clean({ rating: rating.rating, comments: rating.comments, id: rating.id }) : undefined,
        }),
      },
      'conversation',
    );
  },
};
