import { HANDOFF_EVENT } from './system-events.js';
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
