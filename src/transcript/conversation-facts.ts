import { CUSTOMER_LEFT_EVENT, HANDOFF_EVENT } from './system-events.js';
import type { Transcript } from './schema.js';

/** Who handled a conversation: only the bot (contained), a human agent (from the start or after a hand-off), or nobody answered. */
export type Handler = 'bot' | 'human' | 'none';

/** What the transcript itself says about a conversation's handling, independent of any judge. */
export interface ConversationFacts {
  handler: Handler;
  /** A bot handed the customer to a human (hand-off event, or an agent message after a bot message). */
  handedOff: boolean;
  /** Messages written by the customer. */
  customerTurns: number;
  /** Minutes from the first to the last timed message; null without two `at` times. */
  minutes: number | null;
  /** The customer's own post-contact CSAT (1–5), when the transcript has a survey. */
  surveyCsat: number | null;
  agentId: string | null;
}

/**
 * Every fact the outcome and report queries group by, as the store keeps it per transcript (`transcript_facts`):
 * {@link ConversationFacts} and the bot's name, abandonment after a hand-off, the survey's CES and NPS, and the
 * customer's stated reason (the only one that is message text: null once the body is purged).
 */
export interface TranscriptFacts extends ConversationFacts {
  /** The bot's name (`metadata.bot`, else the first bot message's author, else `bot`); null without a bot message. */
  bot: string | null;
  /** A hand-off happened and no human answered after it (the customer left first, or nobody came). */
  abandonedAfterHandoff: boolean;
  surveyCes: number | null;
  surveyNps: number | null;
  /** The customer's first non-blank message, cut to 300 characters; null when there is none (or only an outline). */
  statedReason: string | null;
}

export function conversationFacts(t: Transcript): ConversationFacts {
  let bot = false;
  let agent = false;
  let handedOff = false;
  let customerTurns = 0;
  let first: number | undefined;
  let last: number | undefined;
  for (const m of t.messages) {
    if (m.role === 'customer') customerTurns += 1;
    else if (m.role === 'bot') bot = true;
    else if (m.role === 'agent') {
      if (bot) handedOff = true;
      agent = true;
    } else if (m.event && HANDOFF_EVENT.test(m.event)) handedOff = true;
    const at = m.at ? Date.parse(m.at) : Number.NaN;
    if (!Number.isNaN(at)) {
      first ??= at;
      last = at;
    }
  }
  return {
    handler: agent ? 'human' : bot ? 'bot' : 'none',
    handedOff,
    customerTurns,
    minutes: first !== undefined && last !== undefined && last > first ? (last - first) / 60_000 : null,
    surveyCsat: t.survey?.csat ?? null,
    agentId: t.agent_id ?? null,
  };
}

/** {@link TranscriptFacts} of a transcript (as stored: its redacted body, or its outline without message text). */
export function transcriptFacts(t: Transcript): TranscriptFacts {
  const named = t.metadata?.['bot'];
  const hasBot = t.messages.some((m) => m.role === 'bot');
  return {
    ...conversationFacts(t),
    bot: typeof named === 'string' && named ? named : hasBot ? (t.messages.find((m) => m.role === 'bot' && m.author)?.author ?? 'bot') : null,
    abandonedAfterHandoff: abandonedAfterHandoff(t),
    surveyCes: t.survey?.ces ?? null,
    surveyNps: t.survey?.nps ?? null,
    statedReason: statedReason(t),
  };
}

/** A hand-off happened, and after it the customer left (a customer-left event) before any human answered, or no human answered at all. */
function abandonedAfterHandoff(t: Transcript): boolean {
  let handedOff = false;
  let bot = false;
  for (const m of t.messages) {
    if (m.role === 'bot') bot = true;
    if (!handedOff) {
      if ((m.role === 'system' && m.event && HANDOFF_EVENT.test(m.event)) || (m.role === 'agent' && bot)) handedOff = true;
      if (m.role === 'agent') return false; // a human answered at the hand-off itself
      continue;
    }
    if (m.role === 'agent') return false;
    if (m.role === 'system' && m.event && CUSTOMER_LEFT_EVENT.test(m.event)) return true;
  }
  return handedOff;
}

/** The customer's first message (their stated reason), cut to 300 characters. */
function statedReason(t: Transcript): string | null {
  const first = t.messages.find((m) => m.role === 'customer' && m.text.trim().length > 0);
  return first ? first.text.slice(0, 300) : null;
}
