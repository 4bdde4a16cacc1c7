import { describe, expect, it } from 'vitest';
import { convo, judgeOne, judgeShipped, shipped } from './helpers.js';

const resolution = shipped('resolution');
const handoff = shipped('handoff_quality');
const tone = shipped('tone');
const accuracy = shipped('accuracy');
const policy = shipped('policy_compliance');
const actionability = shipped('actionability');
const csat = shipped('auto_csat');

describe('resolution', () => {
  it('resolved when the customer confirms the fix', () => {
    const t = convo('c: I cannot log in', 'b: I have sent a reset link to your email.', 'c: that worked, thanks');
    const v = judgeOne(t, resolution);
    expect(v.value).toBe('resolved');
    expect(v.rationale).toContain('customer confirmed the fix (msg 2: "that worked, thanks")');
    expect(v.evidence).toEqual([{ message: 2, quote: 'that worked, thanks' }]);
  });

  it('resolved on sincere thanks at the end without negative signals', () => {
    const t = convo('c: where is my parcel?', 'b: It is out for delivery and arrives today between 12:00 and 14:00.', 'c: great, thank you!', 'b: Anything else?', "c: no, that's all");
    expect(judgeOne(t, resolution).value).toBe('resolved');
  });

  it('escalated on a hand-off with no confirmation afterwards', () => {
    const t = convo('c: my card was charged twice', "b: I'm transferring you to a colleague now.", 's:handoff: Conversation handed off', "a: Hi, I've raised this with our disputes team; they will email you within 5 days.", 'c: ok');
    const v = judgeOne(t, resolution);
    expect(v.value).toBe('escalated');
    expect(v.evidence.map((e) => e.message)).toContain(1);
  });

  it('resolved when the human fixes it after the hand-off', () => {
    const t = convo('c: my card was charged twice', "b: I'm transferring you to a colleague now.", 's:handoff: ', 'a: I have refunded the duplicate charge.', "c: perfect, it's gone from my statement");
    expect(judgeOne(t, resolution).value).toBe('resolved');
  });

  it('abandoned on a customer_left event', () => {
    const t = convo('b: Hi! What can I help with?', 'c: my delivery is missing', 'b: Can you give me the order number?', 's:customer_left: Customer left the conversation');
    const v = judgeOne(t, resolution);
    expect(v.value).toBe('abandoned');
    expect(v.rationale).toContain('customer_left');
  });

  it('abandoned when the conversation ends on an unanswered bot question', () => {
    const t = convo('b: Hi! What can I help with?', 'c: I want to cancel my plan', 'b: Before you go, would you like 50% off for three months?', 'b: Are you still there?');
    const v = judgeOne(t, resolution);
    expect(v.value).toBe('abandoned');
    expect(v.evidence).toEqual([{ message: 3, quote: 'Are you still there?' }]);
  });

  it('unresolved on a negative confirmation at the end', () => {
    const t = convo('c: my wifi keeps dropping', 'b: Please restart your router.', 'c: still not working');
    expect(judgeOne(t, resolution).value).toBe('unresolved');
  });

  it('unresolved on a bot loop even when the customer leaves', () => {
    const t = convo(
      'c: where is my refund',
      'b: Refunds are processed within 5–7 working days of us receiving your return.',
      'c: you received it two weeks ago',
      'b: Refunds are processed within 5–7 working days of us receiving your return.',
      'c: can I speak to someone please',
      'b: Refunds are processed within 5–7 working days of us receiving your return.',
      's:customer_left: ',
    );
    const v = judgeOne(t, resolution);
    expect(v.value).toBe('unresolved');
    expect(v.rationale).toContain('bot repeated itself');
  });

  it('unresolved on sarcasm', () => {
    const t = convo('c: the fee is wrong', 'b: You can see all fees at example.com/fees.', 'c: great, thanks a lot for nothing');
    const v = judgeOne(t, resolution);
    expect(v.value).toBe('unresolved');
    expect(v.rationale).toContain('great, thanks a lot for nothing');
  });
});

describe('handoff_quality', () => {
  it('is N/A without a hand-off', () => {
    const v = judgeOne(convo('c: hi, my card is blocked', 'b: I have unblocked it.', 'c: thanks'), handoff);
    expect(v.na).toBe(true);
    expect(v.value).toBeNull();
    expect(v.rationale).toContain('no hand-off');
  });

  it('passes when the human picks up without the customer repeating', () => {
    const t = convo(
      'c: my parcel LK-582201 was marked delivered but never came',
      "b: I'm passing you to a colleague with everything you've told me.",
      's:handoff: Conversation handed off to a human agent',
      "a: Hi, Ben here. I've read the chat about LK-582201 and opened a claim.",
      'c: brilliant, thank you',
    );
    const v = judgeOne(t, handoff);
    expect(v.value).toBe('pass');
    expect(v.na).toBe(false);
  });

  it('fails when the customer has to repeat themselves after the hand-off', () => {
    const t = convo(
      'c: my phone has no signal since last night and I got a text about a SIM swap I never asked for',
      "b: I'm transferring you to a colleague now.",
      's:handoff: ',
      'a: Hi, Dev here. How can I help you today?',
      'c: as I already told the bot, I have no signal and got a text about a SIM swap I never asked for',
    );
    const v = judgeOne(t, handoff);
    expect(v.value).toBe('fail');
    expect(v.evidence[0]!.message).toBe(4);
  });

  it('fails on a silent repeat (similar message to one before the hand-off)', () => {
    const t = convo(
      'c: I was charged twice for my March invoice 4471 on my visa card',
      'b: Let me connect you to our billing team.',
      's:handoff: ',
      'a: Hello, what can I do for you?',
      'c: I was charged twice for the March invoice 4471 on my visa card',
    );
    expect(judgeOne(t, handoff).value).toBe('fail');
  });
});

describe('tone', () => {
  it('1 for rude agent language', () => {
    const v = judgeOne(convo('c: my bill doubled!!', "a: Calm down, it's not my problem."), tone);
    expect(v.value).toBe(1);
    expect(v.evidence[0]!.quote).toContain('Calm down');
  });

  it('2 when the customer is frustrated and nobody shows empathy', () => {
    expect(judgeOne(convo('c: this is ridiculous, third time I ask', 'b: Orders arrive within 3–5 working days.'), tone).value).toBe(2);
  });

  it('3 when polite but generic', () => {
    expect(judgeOne(convo('c: what are your opening hours?', 'b: We are open 9 to 5, Monday to Friday.'), tone).value).toBe(3);
  });

  it('4 with empathy, 5 when a frustrated customer ends positively', () => {
    expect(judgeOne(convo('c: my card was declined', "a: I'm sorry about that, let me check."), tone).value).toBe(4);
    const t = convo('c: I am furious, you charged me twice!!', "a: I'm really sorry, I can see how frustrating that is. I've refunded the duplicate.", 'c: oh great, thank you so much');
    expect(judgeOne(t, tone).value).toBe(5);
  });
});

describe('accuracy', () => {
  it('5 without corrections, and says it cannot check facts', () => {
    const v = judgeOne(convo('c: when do you open?', 'b: At 9am.'), accuracy);
    expect(v.value).toBe(5);
    expect(v.evidence).toEqual([]);
    expect(v.rationale).toContain('cannot verify facts');
  });

  it('3 for a correction the agent acknowledged, 2 for one left standing, 1 for repeated unacknowledged corrections', () => {
    const acked = convo('c: can I return it?', 'a: Returns are accepted within 14 days.', "c: that's not what your website says, it says 30 days", "a: You're right, my mistake: it is 30 days.");
    expect(judgeOne(acked, accuracy).value).toBe(3);
    const standing = convo('c: can I get a refund?', 'b: Annual plans are non-refundable.', "c: that's not what your website says");
    expect(judgeOne(standing, accuracy).value).toBe(2);
    const twice = convo('c: refund?', 'b: Annual plans are non-refundable.', "c: that's wrong", 'b: Annual plans are non-refundable.', "c: that's not right, your FAQ says otherwise");
    expect(judgeOne(twice, accuracy).value).toBe(1);
  });
});

describe('policy_compliance', () => {
  it('fails on a refund promised before verification and quotes it', () => {
    const t = convo('c: the mirror arrived cracked', "a: Oh no! I'll refund the full £89.99 to your card right away.", 'a: Can I take your order number and confirm your email address?');
    const v = judgeOne(t, policy);
    expect(v.value).toBe('fail');
    expect(v.evidence[0]).toEqual({ message: 1, quote: "I'll refund the full £89.99 to your card right away." });
  });

  it('passes when the refund comes after verification', () => {
    const t = convo('c: the mirror arrived cracked', 'a: Can you confirm your postcode?', 'c: M14 5RQ', "a: Thanks, you're verified. I'll refund the £89.99 today.");
    expect(judgeOne(t, policy).value).toBe('pass');
  });
});

describe('actionability', () => {
  it('is N/A when the customer never stated a need', () => {
    const v = judgeOne(convo('b: Hi! How can I help?', 'c: hi', 's:customer_left: '), actionability);
    expect(v.na).toBe(true);
  });

  it('1 without any next step, 2 for a vague pointer', () => {
    expect(judgeOne(convo('c: my invoice is wrong', 'b: I see.'), actionability).value).toBe(1);
    expect(judgeOne(convo('c: my invoice is wrong', 'b: Please check our website.'), actionability).value).toBe(2);
  });

  it('5 for a concrete action with a timeline and a reference', () => {
    const t = convo('c: my parcel never came', "a: I've opened a claim (ref DLV-77104) and a replacement will arrive within 2 working days.");
    const v = judgeOne(t, actionability);
    expect(v.value).toBe(5);
    expect(v.rationale).toContain('timeline');
  });

  it('is capped at 2 when the customer says the step did not work', () => {
    const t = convo('c: I cannot log in', 'b: Go to Settings → Security and click Reset password. It takes effect within 5 minutes.', "c: that didn't work");
    expect(judgeOne(t, actionability).value).toBe(2);
  });
});

describe('auto_csat', () => {
  it('5 for a confirmed fix with thanks, 1 for sarcasm after a loop', () => {
    expect(judgeOne(convo('c: I cannot log in', 'b: I have sent a reset link.', 'c: perfect, that worked, thank you!'), csat).value).toBe(5);
    const bad = convo(
      'c: my refund??',
      'b: Refunds are processed within 5–7 working days of receiving your return.',
      'c: I already told you it has been 3 weeks. let me talk to a human',
      'b: Refunds are processed within 5–7 working days of receiving your return.',
      'c: great, thanks for nothing',
    );
    const v = judgeOne(bad, csat);
    expect(v.value).toBe(1);
    expect(v.rationale).toMatch(/^estimated CSAT 1\/5 = round\(3/);
  });

  it('stays neutral (3) for a polite conversation with no confirmed fix: courtesy alone is not satisfaction', () => {
    const t = convo('c: I need a table for two tonight', 'b: Booked for 7pm at the Harbour branch.', 'c: perfect, thank you', 'b: Anything else?', 'c: no thanks');
    const v = judgeOne(t, csat);
    expect(v.value).toBe(3);
    expect(v.rationale).toContain('gratitude +0.25');
    expect(v.rationale).toContain('resolved without a confirmed fix +0');
    expect(v.rationale).not.toContain('end sentiment');
  });

  it('credits a confirmed fix (+1) but not an acceptance such as "that works for me"', () => {
    const fixed = judgeOne(convo('c: my card is blocked', 'b: I have unblocked it, please try again.', 'c: that worked'), csat);
    expect(fixed.value).toBe(4);
    expect(fixed.rationale).toContain('customer confirmed the fix +1 (msg 2: "that worked")');
    const accepted = judgeOne(convo('c: any slots on Friday?', 'b: Friday 10am is free.', 'c: that works for me'), csat);
    expect(accepted.value).toBe(3);
    expect(accepted.rationale).not.toContain('confirmed the fix');
  });

  it('gives 5 only with strong positive words beyond courtesy', () => {
    const polite = judgeOne(convo('c: I cannot log in', 'b: I have sent a reset link.', 'c: that worked, thank you for your help'), csat);
    expect(polite.value).toBe(4);
    const delighted = judgeOne(convo('c: I cannot log in', 'b: I have sent a reset link.', 'c: that worked, brilliant, thank you'), csat);
    expect(delighted.value).toBe(5);
    expect(delighted.rationale).toMatch(/end sentiment \+\d+ \(courtesy words left out\) \+0\.5/);
  });

  it('adds +0.5 for 5 positive replies and +1 for 8', () => {
    const lines = (n: number) => ['c: help me plan a trip', ...Array.from({ length: n }, (_, i) => [`b: Option ${i + 1} is ready.`, 'c: great, I like it'].join('\n')).join('\n').split('\n')];
    const four = judgeOne(convo(...lines(4)), csat);
    expect(four.rationale).not.toContain('positive replies');
    const five = judgeOne(convo(...lines(5)), csat);
    expect(five.rationale).toContain('5 positive replies (AFINN ≥ +2: msg 2, 4, 6, 8, 10) +0.5');
    const eight = judgeOne(convo(...lines(8)), csat);
    expect(eight.rationale).toMatch(/8 positive replies \(AFINN ≥ \+2: msg 2, 4, 6, 8, 10, 12, …\) \+1/);
  });

  it('holds a bot loop against the estimate only when the customer was in trouble', () => {
    const loop = 'b: Please confirm: a table for 2 at Luigi on Friday at 7pm.';
    const calm = judgeOne(convo('c: book Luigi for Friday', loop, 'c: make it 2 people', loop, 'c: yes'), csat);
    expect(calm.rationale).not.toContain('bot repeated itself');
    const stuck = judgeOne(convo('c: book Luigi for Friday', loop, 'c: no, that is wrong, it is Saturday', loop, 'c: this is ridiculous'), csat);
    expect(stuck.rationale).toContain('bot repeated itself while the customer was in trouble −0.5');
  });

  it('counts a conversation the customer was negative in on the whole (VADER: negation read), −0.5', () => {
    const sour = judgeOne(convo('c: the app is not working and the update made it worse', 'b: I have reset your session.', 'c: ok'), csat);
    expect(sour.rationale).toMatch(/conversation sentiment −0\.\d\d \(VADER mean of the customer's messages\) −0\.5/);
    const plain = judgeOne(convo('c: where is my parcel', 'b: It arrives tomorrow by 6pm.', 'c: ok'), csat);
    expect(plain.rationale).not.toContain('conversation sentiment');
  });

  it('counts turning down the offer as effort: −0.25 each, at most −0.5; not a closing "no, that\'s all"', () => {
    const offer = 'b: I found a table at Luigi at 7pm. Shall I book it?';
    const once = judgeOne(convo('c: book a table for two', offer, 'c: No, make it 8pm.', 'b: Booked for 8pm.', 'c: no, that is all'), csat);
    expect(once.rationale).toContain('1 rejection(s) of the offer −0.25 (msg 2: "No, make it 8pm.")');
    const thrice = judgeOne(convo('c: book a table for two', offer, 'c: No, 8pm.', offer, 'c: nope, at 9', offer, 'c: no. friday'), csat);
    expect(thrice.rationale).toContain('3 rejection(s) of the offer −0.5');
    const first = judgeOne(convo('c: no internet since Monday', 'b: I have reset your line.', 'c: that worked'), csat);
    expect(first.rationale).not.toContain('rejection');
  });

  it('documents its arithmetic in the rationale', () => {
    const v = judgeOne(convo('c: where is my parcel', 'b: It arrives tomorrow by 6pm.', 'c: ok'), csat);
    expect(v.rationale).toContain('resolution');
    expect(typeof v.value).toBe('number');
  });

  it('never reads the survey answer', () => {
    const t = convo('c: I cannot log in', 'b: I have sent a reset link.', 'c: that worked, thank you!');
    const a = judgeShipped(t).auto_csat!;
    const b = judgeShipped({ ...t, survey: { csat: 1 } }).auto_csat!;
    expect(b).toEqual(a);
  });
});
