import { describe, expect, it } from 'vitest';
import { conversationFacts } from '../../src/transcript/conversation-facts.js';
import { makeTranscript, say } from '../helpers/transcripts.js';

describe('conversationFacts', () => {
  it('a bot-only conversation is contained: handler bot, no hand-off; turns count customer messages; minutes from the timed messages', () => {
    const f = conversationFacts(
      makeTranscript([
        say('customer', 'where is my parcel', { at: '2026-11-02T09:00:00Z' }),
        say('bot', 'it arrives Friday', { at: '2026-11-02T09:00:30Z' }),
        say('customer', 'thanks', { at: '2026-11-02T09:03:00Z' }),
      ]),
    );
    expect(f).toEqual({ handler: 'bot', handedOff: false, customerTurns: 2, minutes: 3, surveyCsat: null, agentId: null });
  });

  it('an agent message after the bot is a hand-off to a human; agent id and survey come from the transcript', () => {
    const f = conversationFacts(
      makeTranscript([say('customer', 'human please'), say('bot', 'one moment'), say('agent', 'hi, Ana here')], { agent_id: 'ana', survey: { csat: 4 } }),
    );
    expect(f).toMatchObject({ handler: 'human', handedOff: true, agentId: 'ana', surveyCsat: 4, minutes: null });
  });

  it('a handoff event counts even before the agent writes; an agent-only chat is human without a hand-off; nobody answering is none', () => {
    expect(conversationFacts(makeTranscript([say('customer', 'hi'), say('bot', 'transferring'), say('system', '', { event: 'handoff' })])).handedOff).toBe(true);
    expect(conversationFacts(makeTranscript([say('customer', 'hi'), say('agent', 'hello')]))).toMatchObject({ handler: 'human', handedOff: false });
    expect(conversationFacts(makeTranscript([say('customer', 'hello?')])).handler).toBe('none');
  });
});
