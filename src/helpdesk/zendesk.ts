import type { Role, Survey } from '../transcript/schema.js';
import type { HelpdeskFormat, MappingContext } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { goodBadToCsat, pointScaleToCsat } from './survey-scales.js';
import { isoTime, optionalIsoTime } from './times.js';
import { asArray, asObject, attachmentNames, clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

/** Zendesk `via.channel` → cxqa channel; anything else is kept as Zendesk names it. */
const CHANNELS: Record<string, string> = {
  email: 'email',
  web: 'web',
  web_form: 'web',
  web_widget: 'chat',
  chat: 'chat',
  chat_transcript: 'chat',
  native_messaging: 'messaging',
  messaging: 'messaging',
  mobile_sdk: 'messaging',
  sunshine_conversations_api: 'messaging',
  whatsapp: 'messaging',
  voice: 'voice',
  phone: 'voice',
  sms: 'sms',
  facebook: 'social',
  twitter: 'social',
  instagram_dm: 'social',
};

/** Comments whose `via.channel` says a bot wrote them (Answer Bot, AI agents). */
const BOT_CHANNEL = /answer_bot|ai_agent|bot/i;

/**
 * Zendesk Support tickets with their comments embedded (as in Zendesk's JSON export, or as `cxqa pull`
 * assembles them from the incremental ticket export and the comments endpoint), users side-loaded
 * (`users` beside `tickets`) or given with `--users`, and CSAT survey responses side-loaded as
 * `survey_responses`. Field mapping: README "Helpdesk formats → zendesk".
 */
export const zendeskFormat: HelpdeskFormat = {
  name: 'zendesk',
  recordNoun: 'ticket',
  listKeys: ['tickets', 'results'],
  singleKeys: ['ticket'],
  sideloadKeys: ['users', 'survey_responses'],
  sideloadIndex(key, value) {
    if (key === 'survey_responses') {
      for (const zrn of asArray(value.subject_zrns)) {
        const m = typeof zrn === 'string' ? /:ticket:(\d+)$/.exec(zrn) : null;
        if (m) return m[1];
      }
      for (const subject of asArray(value.subjects)) {
        const s = asObject(subject);
        if (s && s.type === 'ticket' && idString(s.id)) return idString(s.id);
      }
      return undefined;
    }
    return idString(value.id);
  },
  toTranscript(ticket, ctx) {
    const ticketId = idString(ticket.id);
    if (!ticketId) throw new FieldError('id', 'a ticket needs an id');
    const requester = idString(ticket.requester_id);
    if (!requester) throw new FieldError('requester_id', 'a ticket needs a requester_id (the customer)');
    const users = ctx.sideloads.get('users');
    const unknownAuthors = new Set<string>();
    const b = new TranscriptBuilder();
    const comments = asArray(ticket.comments);
    if (comments.length === 0) {
      // No comments exported: the description is the requester's first message.
      b.add({ role: 'customer', text: str(ticket.description) ?? '', at: optionalIsoTime(ticket.created_at, 'created_at'), author: userName(users, requester) });
    }
    comments.forEach((raw, i) => {
      const c = asObject(raw);
      const field = `comments[${i}]`;
      if (!c) throw new FieldError(field, 'expected a comment object');
      const author = idString(c.author_id);
      const at = optionalIsoTime(c.created_at, `${field}.created_at`);
      const text = commentText(c);
      const attachments = attachmentNames(c.attachments, 'file_name');
      if (c.public === false) {
        if (!ctx.options.includeNotes) return b.noteExcluded();
        b.add({ role: 'system', event: 'internal_note', text: `[internal note] ${text}`.trim(), at, author: userName(users, author), vendorId: idString(c.id), attachments });
        return;
      }
      const role = roleOf(author, requester, users, asObject(c.via), unknownAuthors);
      b.add({ role, text, at, author: userName(users, author), vendorId: idString(c.id), attachments });
    });
    b.markBotHandoff();
    const via = asObject(ticket.via);
    const viaChannel = str(via?.channel);
    const { survey, satisfaction } = surveyOf(ticket, ctx, ticketId);
    const assignee = idString(ticket.assignee_id);
    return b.build(
      {
        id: `zendesk-${ticketId}`,
        channel: (viaChannel && CHANNELS[viaChannel]) ?? viaChannel ?? 'email',
        started_at: isoTime(ticket.created_at, 'created_at'),
        customer_id: `zendesk-user-${requester}`,
        ...(assignee ? { agent_id: `zendesk-user-${assignee}` } : {}),
        ...(survey ? { survey } : {}),
        metadata: clean({
          source: 'zendesk',
          ticket_id: ticket.id,
          external_id: ticket.external_id,
          status: ticket.status,
          subject: ticket.subject,
          tags: ticket.tags,
          via_channel: viaChannel,
          requester_id: ticket.requester_id,
          assignee_id: ticket.assignee_id,
          group_id: ticket.group_id,
          organization_id: ticket.organization_id,
          updated_at: ticket.updated_at,
          satisfaction,
          unknown_authors: unknownAuthors.size > 0 ? [...unknownAuthors] : undefined,
        }),
      },
      'ticket',
    );
  },
};

function commentText(c: Record<string, unknown>): string {
  const plain = str(c.plain_body) ?? str(c.body);
  if (plain !== undefined) return htmlToPlainText(plain);
  const html = str(c.html_body);
  return html ? htmlToPlainText(html) : '';
}

/**
 * The requester is the customer; otherwise the author's `role` (end-user → customer, agent/admin → agent);
 * a comment made through a bot channel is the bot. Without any users, every other author is an agent; an
 * author missing from the users given (a deleted user) is taken as an agent and named in `unknown_authors`.
 */
function roleOf(
  author: string | undefined,
  requester: string,
  users: ReadonlyMap<string, Record<string, unknown>> | undefined,
  via: Record<string, unknown> | undefined,
  unknown: Set<string>,
): Role {
  const channel = str(via?.channel);
  if (channel && BOT_CHANNEL.test(channel)) return 'bot';
  if (author === requester) return 'customer';
  if (!users || users.size === 0 || author === undefined) return 'agent';
  const user = users.get(author);
  if (!user) {
    unknown.add(author);
    return 'agent';
  }
  return user.role === 'end-user' ? 'customer' : 'agent';
}

function userName(users: ReadonlyMap<string, Record<string, unknown>> | undefined, id: string | undefined): string | undefined {
  return id === undefined ? undefined : str(users?.get(id)?.name);
}

/**
 * `survey.csat` from a CSAT survey response (rating on its 2-, 3- or 5-point scale, spread onto 1–5) or,
 * failing that, the legacy `satisfaction_rating` (good → 5, bad → 1). The vendor's answer is kept.
 */
function surveyOf(ticket: Record<string, unknown>, ctx: MappingContext, ticketId: string): { survey?: Survey; satisfaction?: unknown } {
  const response = ctx.sideloads.get('survey_responses')?.get(ticketId);
  if (response) {
    for (const raw of asArray(response.answers)) {
      const a = asObject(raw);
      if (!a || a.type !== 'rating_scale' || typeof a.rating !== 'number') continue;
      const q = asObject(a.question);
      const points = typeof q?.scale === 'number' ? q.scale : asArray(q?.options ?? q?.rating_links).length || 5;
      const csat = pointScaleToCsat(a.rating, points);
      const satisfaction = { survey_response_id: response.id, rating: a.rating, scale: points, rating_category: a.rating_category };
      return csat ? { survey: { csat }, satisfaction } : { satisfaction };
    }
  }
  const rating = asObject(ticket.satisfaction_rating);
  if (!rating) return {};
  const csat = goodBadToCsat(rating.score);
  const satisfaction = clean({ score: rating.score, comment: rating.comment, reason: rating.reason, id: rating.id });
  return csat ? { survey: { csat }, satisfaction } : { satisfaction };
}
