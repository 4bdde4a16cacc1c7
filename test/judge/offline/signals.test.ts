import { describe, expect, it } from 'vitest';
import { extractSignals } from '../../../src/judge/offline/signals.js';
import type { ConversationSignals, Hit } from '../../../src/judge/offline/signal-types.js';
import type { Transcript } from '../../../src/transcript/schema.js';
import { convo } from './helpers.js';

/** Every hit list of the signals, checked for verbatim quotes. */
function expectVerbatim(t: Transcript, s: ConversationSignals): void {
  for (const [name, value] of Object.entries(s)) {
    const hits: unknown[] = Array.isArray(value) ? value : value && typeof value === 'object' && 'quote' in value ? [value] : [];
    for (const h of hits as Hit[]) {
      if (!h || typeof h !== 'object' || !('quote' in h)) continue;
      const text = t.messages[h.message]!.text;
      expect(text.includes(h.quote), `${name}: quote ${JSON.stringify(h.quote)} not in msg ${h.message}`).toBe(true);
      expect(text.includes(h.match), `${name}: match ${JSON.stringify(h.match)} not in msg ${h.message}`).toBe(true);
    }
  }
}

function signals(...lines: string[]): ConversationSignals {
  const t = convo(...lines);
  const s = extractSignals(t);
  expectVerbatim(t, s);
  return s;
}

describe('extractSignals: gratitude and sarcasm', () => {
  it('counts sincere thanks with the message index and the clause as quote', () => {
    const s = signals('c: my card is blocked', 'b: I have unblocked it.', 'c: that worked, thanks!');
    expect(s.gratitude).toHaveLength(1);
    expect(s.gratitude[0]).toMatchObject({ message: 2, match: 'thanks', quote: 'that worked, thanks!' });
  });

  it.each([
    ['thanks for nothing'],
    ['great, thanks a lot for nothing'],
    ['Thanks for wasting my time'],
    ['gee thanks'],
    ['yeah right, thanks'],
  ])('treats "%s" as sarcasm, not gratitude', (text) => {
    const s = signals('c: my refund never came', 'b: Refunds take 5–7 working days.', `c: ${text}`);
    expect(s.gratitude).toEqual([]);
    expect(s.sarcasm).toHaveLength(1);
    expect(s.sarcasm[0]!.message).toBe(2);
    // AFINN reads "thanks"/"great" as positive; a sarcastic message is forced negative.
    expect(s.sentiment[2]!.adjusted).toBeLessThanOrEqual(-2);
  });

  it('treats thanks inside a strongly negative message as sarcasm (negative context)', () => {
    const s = signals('c: my parcel is lost', 'b: Please wait 10 days.', 'c: thanks, this is terrible and ridiculous service');
    expect(s.gratitude).toEqual([]);
    expect(s.sarcasm[0]).toMatchObject({ message: 2, kind: 'negative_context' });
  });

  it('does not count thanks before the bot/agent has said anything, nor polite give-ups', () => {
    const s = signals('c: thanks in advance, my app crashes', 'b: Try reinstalling it.', 'c: ok thanks anyway');
    expect(s.gratitude).toEqual([]);
    expect(s.negativeConfirmations[0]).toMatchObject({ message: 2, kind: 'resigned' });
  });
});

describe('extractSignals: evaluative sentiment and confirmation kinds', () => {
  it('leaves courtesy words out of the evaluative score, and lifts closing replies to 0', () => {
    const s = extractSignals(convo('c: hi', 'b: Done.', 'c: thank you for your help', 'b: Anything else?', 'c: no thanks', 'b: Bye.', 'c: brilliant, thanks'));
    expect(s.sentiment[2]!.adjusted).toBe(4);
    expect(s.sentiment[2]!.evaluative).toBe(0);
    expect(s.sentiment[4]!.evaluative).toBe(0);
    expect(s.sentiment[6]!.evaluative).toBe(4);
    expect(s.sentiment[1]!.evaluative).toBe(0);
  });

  it('keeps the forced negative score for sarcasm', () => {
    const s = extractSignals(convo('c: my refund?', 'b: Please wait.', 'c: great, thanks for nothing'));
    expect(s.sentiment[2]!.evaluative).toBe(s.sentiment[2]!.adjusted);
    expect(s.sentiment[2]!.evaluative).toBeLessThanOrEqual(-2);
  });

  it('tells a fix from an acceptance, preferring the fix within a message', () => {
    const s = extractSignals(convo('c: I cannot log in', 'b: Reset sent.', 'c: perfect', 'b: Try now.', 'c: perfect, that worked', 'b: Friday?', 'c: that works for me'));
    expect(s.confirmations.map((h) => [h.message, h.match, h.kind])).toEqual([
      [2, 'perfect', 'acceptance'],
      [4, 'that worked', 'fix'],
      [6, 'that works', 'acceptance'],
    ]);
  });
});

describe('extractSignals: confirmations and negative confirmations', () => {
  it.each(["that worked", "it's fixed", 'all sorted now', 'got it, thanks', 'perfect!', 'yes it works now', 'ok signal is back'])(
    'confirmation: "%s"',
    (text) => {
      const s = signals('c: I cannot log in', 'b: I have reset your password.', `c: ${text}`);
      expect(s.confirmations.map((h) => h.message)).toEqual([2]);
    },
  );

  it.each(["I don't think that worked", 'did that work?', 'not sure if it worked'])('not a confirmation: "%s"', (text) => {
    const s = signals('c: I cannot log in', 'b: I have reset your password.', `c: ${text}`);
    expect(s.confirmations).toEqual([]);
  });

  it.each(['still not working', "that didn't help", "that's not what I asked", 'it still doesn’t work', 'I already tried that'])(
    'negative confirmation: "%s"',
    (text) => {
      const s = signals('c: my wifi drops every evening', 'b: Restart your router.', `c: ${text}`);
      expect(s.negativeConfirmations.map((h) => h.message)).toEqual([2]);
      expect(s.confirmations).toEqual([]);
    },
  );

  it('ignores "still" problem statements in the first customer message', () => {
    const s = signals('b: Hi! How can I help?', "c: I returned a rug and still haven't had my refund");
    expect(s.negativeConfirmations).toEqual([]);
  });
});

describe('extractSignals: repeats, human requests, corrections', () => {
  it('finds a customer message similar to an earlier one (token Jaccard ≥ 0.6)', () => {
    const s = signals(
      'c: my order LK-123456 has not arrived and tracking has not updated since friday',
      'b: Orders arrive within 3–5 working days.',
      'c: order LK-123456 has not arrived, tracking not updated since friday',
    );
    expect(s.repeatedRequests).toHaveLength(1);
    expect(s.repeatedRequests[0]).toMatchObject({ message: 2, kind: 'similar', of: 0 });
    expect(s.repeatedRequests[0]!.similarity).toBeGreaterThanOrEqual(0.6);
  });

  it('does not call different requests with the same function words a repeat', () => {
    const s = signals('c: I want to cancel my order please', 'b: Sure.', 'c: I want to track my order please');
    expect(s.repeatedRequests).toEqual([]);
  });

  it.each(['as I said, the router is new', 'I already told you my postcode', "I've already explained this", 'asking again: where is my refund'])(
    'explicit repeat: "%s"',
    (text) => {
      const s = signals('c: my router drops', 'b: Is the router new?', `c: ${text}`);
      expect(s.repeatedRequests[0]).toMatchObject({ message: 2, kind: 'explicit' });
    },
  );

  it.each(['can I speak to someone please', 'I want a real person', 'agent', 'let me talk to a human', 'transfer me to a representative'])(
    'human request: "%s"',
    (text) => {
      const s = signals('b: Hi, how can I help?', `c: ${text}`);
      expect(s.humanRequests.map((h) => h.message)).toEqual([1]);
    },
  );

  it('counts a message once even when it asks for a human twice', () => {
    const s = signals('b: Hi', 'c: I need a human. a real person.');
    expect(s.humanRequests).toHaveLength(1);
  });

  it.each(["that's not right", "that's wrong", 'your website says 30 days', "that's not what your pricing page says"])(
    'correction: "%s"',
    (text) => {
      const s = signals('c: can I return this?', 'b: Returns are accepted within 14 days.', `c: ${text}`);
      expect(s.corrections.map((h) => h.message)).toEqual([2]);
    },
  );
});

describe('extractSignals: hand-offs, escalations, endings', () => {
  it('finds a hand-off from a system event (text-less events are kept, with an empty quote)', () => {
    const s = signals('c: I need help with a charge', 's:handoff: ', 'a: Hi, I can see the charge.');
    expect(s.handoffs[0]).toMatchObject({ message: 1, source: 'event', event: 'handoff', quote: '' });
  });

  it('finds a hand-off from bot text and from an agent taking over from the bot', () => {
    expect(signals('c: help', "b: I'm transferring you to a colleague now.").handoffs[0]).toMatchObject({ message: 1, source: 'text' });
    expect(signals('b: Hi', 'c: my bill is wrong', 'a: Hi, Sam here.').handoffs[0]).toMatchObject({ message: 2, source: 'role_change' });
  });

  it('finds escalations to another team', () => {
    const s = signals('c: the fee is wrong', "a: I've escalated this to our billing team; they will email you within 2 days.");
    expect(s.escalations[0]!.match).toMatch(/^I've escalated/);
  });

  it('finds customer_left events, the last speaker and an unanswered question', () => {
    const s = signals('b: Hi, what can I help with?', 'c: my parcel is late', 'b: Could you give me your order number?', 's:customer_left: Customer left');
    expect(s.customerLeft[0]).toMatchObject({ message: 3, event: 'customer_left' });
    expect(s.lastSpeaker).toEqual({ message: 2, role: 'bot' });
    expect(s.unansweredQuestion).toMatchObject({ message: 2, quote: 'Could you give me your order number?' });
    expect(s.messagesAfterLastCustomer).toBe(1);
  });

  it('does not count a closing question as unanswered', () => {
    const s = signals('c: thanks, all sorted', 'b: Great! Is there anything else I can help with?');
    expect(s.unansweredQuestion).toBeNull();
  });
});

describe('extractSignals: steps', () => {
  it('finds numbered steps, imperatives, timelines, references and actions', () => {
    const s = signals(
      'c: how do I change my address?',
      'b: 1. Open the app 2. Tap Account 3. Select Addresses',
      "a: I've issued a credit of £5, reference #A1234. It will show within 3–5 business days. Your ticket 12345 is open.",
    );
    const kinds = s.steps.map((h) => h.kind);
    expect(kinds).toContain('numbered');
    expect(kinds).toContain('imperative');
    expect(kinds).toContain('timeline');
    expect(kinds).toContain('action');
    expect(s.steps.filter((h) => h.kind === 'reference').map((h) => h.match)).toEqual(['reference #A1234', 'ticket 12345']);
    expect(s.steps.find((h) => h.kind === 'timeline')!.match).toBe('within 3–5 business days');
  });

  it('marks vague pointers as vague', () => {
    const s = signals('c: how do I get a refund?', 'b: Please check our website or contact support.');
    expect(s.steps.map((h) => h.kind)).toEqual(['vague', 'vague']);
  });
});

describe('extractSignals: agent behaviour', () => {
  it('finds empathy but not a bot fallback apology', () => {
    expect(signals('c: my card was stolen', "a: I'm so sorry, I can see how frustrating this is.").empathy).toHaveLength(2);
    expect(signals('c: blah', "b: Sorry, I didn't understand that. Could you rephrase?").empathy).toEqual([]);
  });

  it('finds rudeness, strong and mild', () => {
    const s = signals('c: this is the third time!!', 'a: Calm down. Obviously the router is the problem.');
    expect(s.rudeness.map((r) => [r.match, r.strong])).toEqual([
      ['Calm down', true],
      ['Obviously', false],
    ]);
  });

  it('finds a bot loop (near-identical to an earlier bot message)', () => {
    const s = signals(
      'c: where is my refund',
      'b: Refunds are processed within 5–7 working days of receiving your return.',
      'c: it has been three weeks',
      'b: Refunds are processed within 5–7 working days of receiving your return.',
    );
    expect(s.botLoops[0]).toMatchObject({ message: 3, of: 1, similarity: 1 });
  });
});

describe('extractSignals: policy risks', () => {
  it('flags a refund promised before any verification', () => {
    const s = signals('c: my mirror arrived cracked', "a: No problem at all, I'll refund the full £89.99 right away.", 'a: Can you confirm your postcode?');
    expect(s.policyRisks).toHaveLength(1);
    expect(s.policyRisks[0]).toMatchObject({ message: 1, kind: 'refund_promise', match: "I'll refund" });
    expect(s.policyRisks[0]!.quote).toBe("No problem at all, I'll refund the full £89.99 right away.");
  });

  it('accepts a refund promise after verification, and negated or conditional promises', () => {
    const after = signals('c: refund please', 'a: Thanks, you are verified.', "a: You'll get a full refund within 5 days.");
    expect(after.promises).toHaveLength(1);
    expect(after.policyRisks).toEqual([]);
    const negated = signals('c: refund please', "a: I can't guarantee that and I can't promise you'll get a refund.");
    expect(negated.policyRisks).toEqual([]);
    const conditional = signals('c: where is it', "b: If it hasn't arrived by 13:30, message us and we'll refund your delivery charge.");
    expect(conditional.policyRisks).toEqual([]);
  });

  it('flags personal guarantees and secrets at any time', () => {
    const s = signals('c: will it arrive?', 'a: You are verified. I guarantee it will arrive tomorrow. Your password is hunter2.');
    expect(s.policyRisks.map((p) => p.kind)).toEqual(['guarantee', 'sensitive']);
  });
});

describe('extractSignals: sentiment', () => {
  it('scores customer messages with AFINN and tracks the trajectory from first to last', () => {
    const s = signals('c: this is terrible, I am furious', 'b: I have fixed it.', 'c: great, thank you so much');
    expect(s.sentiment[0]!.scored).toBe(true);
    expect(s.sentiment[0]!.score).toBeLessThan(0);
    expect(s.sentiment[1]!.scored).toBe(false);
    expect(s.customerTrajectory.first).toBe(0);
    expect(s.customerTrajectory.last).toBe(2);
    expect(s.customerTrajectory.change).toBeGreaterThan(0);
  });

  it('treats a closing reply as at worst neutral', () => {
    const s = signals('c: where is my order', 'b: It arrives today.', "c: no, that's all");
    expect(s.sentiment[2]!.score).toBeLessThan(0); // AFINN: "no" = −1
    expect(s.sentiment[2]!.adjusted).toBe(0);
    expect(s.closingReplies).toHaveLength(1);
  });
});
