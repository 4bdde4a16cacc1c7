import type { Role } from '../transcript/schema.js';
import type { HelpdeskFormat } from './helpdesk-format.js';
import { htmlToPlainText } from './html-text.js';
import { FieldError } from './record-error.js';
import { isoTime, optionalIsoTime } from './times.js';
import { clean, idString, str, TranscriptBuilder } from './transcript-builder.js';

/** `ActorType` → role. `Supervisor` whispers are agent-side, kept as agent. */
const ACTORS: Record<string, Role> = { Agent: 'agent', Supervisor: 'agent', Bot: 'bot', Chatbot: 'bot', EndUser: 'customer', System: 'system' };

/** `EntryType` events: escalation to a human is a hand-off; the others are kept as named. */
const HANDOFF_ENTRIES = new Set(['BotEscalated', 'Transfer', 'TransferredToAgent', 'AgentJoined']);

/**
 * Salesforce: Messaging / Voice `ConversationEntry` records (a SOQL query result `{ "records": [...] }`, or the
 * records as JSONL), grouped by `ConversationId` — consecutive records of one conversation, as
 * `ORDER BY ConversationId, EntryTime` returns them — and `LiveChatTranscript` records (legacy chat, the
 * transcript in `Body`). Field mapping: README "Helpdesk formats → salesforce".
 */
export const salesforceFormat: HelpdeskFormat = {
  name: 'salesforce',
  recordNoun: 'conversation',
  listKeys: ['records'],
  singleKeys: [],
  sideloadKeys: [],
  groupKey: (record) => (record.Body === undefined ? idString(record.ConversationId) : undefined),
  toTranscriptGroup: (records, key) => fromEntries(records, key),
  toTranscript: (record) => fromLiveChat(record),
};

function fromEntries(entries: Record<string, unknown>[], conversationId: string) {
  const b = new TranscriptBuilder();
  let customer: string | undefined;
  let agent: string | undefined;
  let first: string | undefined;
  const sorted = entries
    .map((e, i) => ({ e, i, at: isoTime(e.EntryTime ?? e.CreatedDate, `entries[${i}].EntryTime`) }))
    .sort((a, b2) => a.at.localeCompare(b2.at) || Number(a.e.Seq ?? a.i) - Number(b2.e.Seq ?? b2.i));
  for (const { e, i, at } of sorted) {
    first ??= at;
    const actor = str(e.ActorType);
    const type = str(e.EntryType) ?? 'Text';
    const role = actor ? ACTORS[actor] : undefined;
    if (!role) throw new FieldError(`entries[${i}].ActorType`, `unknown ActorType ${JSON.stringify(e.ActorType)} (Agent, Bot, EndUser, Supervisor, System)`);
    if (role === 'customer') customer ??= idString(e.ActorId);
    if (role === 'agent') agent ??= idString(e.ActorId);
    const text = htmlToPlainText(str(e.Message) ?? '');
    if (type !== 'Text') {
      b.add({ role: 'system', event: HANDOFF_ENTRIES.has(type) ? 'handoff' : snake(type), text: text || type, at, vendorId: idString(e.Id) });
      continue;
    }
    b.add({ role, text, at, author: str(e.ActorName), vendorId: idString(e.Id), attachments: e.HasAttachments === true && !text ? ['file'] : [] });
  }
  b.markBotHandoff();
  // ConversationId is a MessagingSession (key prefix 0Mw) or a VoiceCall (0LQ).
  const channel = conversationId.startsWith('0LQ') ? 'voice' : 'messaging';
  return b.build(
    {
      id: `salesforce-${conversationId}`,
      channel,
      started_at: first ?? isoTime(undefined, 'EntryTime'),
      customer_id: `salesforce-${customer ?? conversationId}`,
      ...(agent ? { agent_id: `salesforce-${agent}` } : {}),
      metadata: clean({ source: 'salesforce', object: 'ConversationEntry', conversation_id: conversationId, end_user_id: customer }),
    },
    'conversation',
  );
}

/** "( 1m 5s ) Ana Smith: Hello" — one line of a LiveChatTranscript body. */
const LINE = /^\(\s*(?:(\d+)h\s*)?(?:(\d+)m\s*)?(\d+)s\s*\)\s*([^:]{1,120}):\s?(.*)$/;

/**
 * A legacy `LiveChatTranscript`: `Body` (HTML) lines `( 12s ) Name: text` after `Chat Started: …`;
 * the names on `Agent <name>` lines (and in `Chat Transferred From … To …`) are agents, names containing
 * "bot" (Einstein bots, `Chatbot`) are the bot, every other name the visitor.
 */
function fromLiveChat(t: Record<string, unknown>) {
  const id = idString(t.Id);
  if (!id) throw new FieldError('Id', 'a LiveChatTranscript needs an Id');
  const body = str(t.Body);
  if (!body) throw new FieldError('Body', 'a LiveChatTranscript needs a Body');
  const start = isoTime(t.StartTime ?? t.RequestTime ?? t.CreatedDate, 'StartTime');
  const startMs = Date.parse(start);
  const text = htmlToPlainText(body);
  const agents = new Set<string>();
  for (const m of text.matchAll(/^Agent (.+)$/gm)) agents.add(m[1]!.trim());
  for (const m of text.matchAll(/Chat Transferred From (.+?) To (.+?)$/gm)) {
    agents.add(m[1]!.trim());
    agents.add(m[2]!.trim());
  }
  const b = new TranscriptBuilder();
  let current: { role: Role; text: string; at: string; author: string } | undefined;
  const flush = () => current && b.add(current);
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (m) {
      flush();
      const secs = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3]);
      const author = m[4]!.trim();
      const role: Role = agents.has(author) ? 'agent' : /bot/i.test(author) ? 'bot' : 'customer';
      current = { role, text: m[5] ?? '', at: new Date(startMs + secs * 1000).toISOString(), author };
    } else if (/^Chat Transferred From/i.test(line.trim())) {
      flush();
      current = undefined;
      b.add({ role: 'system', event: 'transfer', text: line.trim() });
    } else if (current && line.trim() && !/^(Chat Started|Chat Origin|Agent |Chat Ended)/.test(line.trim())) {
      current.text += `\n${line.trim()}`;
    }
  }
  flush();
  b.markBotHandoff();
  const contact = idString(t.ContactId) ?? idString(t.LiveChatVisitorId) ?? idString(t.AccountId);
  if (!contact) throw new FieldError('ContactId', 'a LiveChatTranscript needs a ContactId, LiveChatVisitorId or AccountId (the customer)');
  const owner = idString(t.OwnerId);
  return b.build(
    {
      id: `salesforce-${id}`,
      channel: 'chat',
      started_at: start,
      customer_id: `salesforce-${contact}`,
      ...(owner ? { agent_id: `salesforce-${owner}` } : {}),
      metadata: clean({ source: 'salesforce', object: 'LiveChatTranscript', transcript_id: t.Id, name: t.Name, case_id: t.CaseId, status: t.Status, chat_key: t.ChatKey, end_time: optionalIsoTime(t.EndTime, 'EndTime') }),
    },
    'conversation',
  );
}

function snake(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}
