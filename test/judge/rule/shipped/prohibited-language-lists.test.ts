import { describe, expect, it } from 'vitest';
import safeRegex from 'safe-regex2';
import { TERM_LISTS } from '../../../../src/governance/lists/index.js';
import { say } from '../../../helpers/transcripts.js';
import { ruleTable, shippedRule, type Row } from './shipped-rules.js';

// The governance rubric's prohibited_language rule (lists profanity, blame, insult; ignore: [negated, quoted]),
// one table per built-in list. Pass rows are what good agents say, including reassurance and quoting.
const rule = shippedRule('governance', 'prohibited_language');

const blamePass: Row[] = [
  'It is not your fault at all.',
  "It's not your fault, the courier lost the parcel.",
  'None of this is your fault.',
  "I don't think that's your fault in any way.",
  'This was never your fault.',
  'Please read the instructions in the email I sent; step 2 is the one that matters.',
  "I'll deal with it right away.",
  'Let me deal with it for you.',
  "We'll sort it out, you don't need to deal with it.",
  'You should have received an email from us by now.',
  'You should have a refund within 5 days.',
  "I understand, and I'm sorry you had to wait.",
  "Take your time, there's no rush.",
  "It's our mistake, not yours.",
  'Through no fault of your own, the payment failed.',
  'You were right to call us.',
  'I know you already told my colleague, thank you for repeating it.',
  'As we discussed, the refund is on its way.',
  { messages: [say('customer', 'The last agent told me it was my fault!'), say('agent', "I'm sorry, that's not right. Let me fix it.")], note: 'the customer quoting an earlier agent' },
  { messages: [say('customer', 'Calm down? Are you kidding?'), say('agent', 'I apologise, let me help.')], note: 'the customer repeating a phrase' },
  'I\'m sorry the previous agent told you to "calm down"; that should not have happened.',
  'Our notes say the last agent said “not my problem” to you. I apologise for that.',
  'Billing is a different department; I will transfer you.',
];
const blameFail: Row[] = [
  "It's your fault for entering the wrong address.",
  'That is your fault, not ours.',
  'This is entirely your own fault.',
  'Please calm down.',
  'Calm down and listen.',
  "That's not my problem.",
  'Not my job, sorry.',
  "It's not my fault the parcel is late.",
  "That's on you.",
  "That's your problem, not mine.",
  'You should have read the terms.',
  'You should have checked the address before ordering.',
  "You didn't read the email, did you?",
  'Did you even read the instructions?',
  'If you had read the FAQ you would know.',
  'As I already said, there is nothing to do.',
  'I already told you twice.',
  'Like I said, the store is closed.',
  "It's user error.",
  'You must have done something wrong.',
  "You'll just have to deal with it.",
  'Deal with it.',
  'No, it is your fault.',
  'You people never read anything.',
  "Sorry, that's not my department.",
  'NOT MY DEPARTMENT.',
];

const insultPass: Row[] = [
  'There are no stupid questions.',
  "That's not a stupid question at all.",
  'That delay is ridiculous, I am so sorry.',
  'I agree the wait was pathetic on our side; let me make it right.',
  'A dumb phone (a basic mobile) works with this SIM too.',
  "Don't call yourself an idiot, anyone could miss that.",
  "You're not dumb, the form is confusing.",
  'Whatever you need, I am here to help.',
  'Whatever works best for you.',
  'We can ship to whatever address you like.',
  'Whatever the reason, I will refund the fee.',
  "I was clueless about this too when I started, it's confusing.",
  'You are absolutely right.',
  "You're so kind, thank you.",
  'Are you able to see the button now?',
  'You are being charged the correct amount.',
  'Is your connection slow today?',
  'The app is useless offline, I know; here is a workaround.',
  'That mistake was ours.',
  'Great question!',
  'You asked whether you were "stupid" to click it: not at all.',
];
const insultFail: Row[] = [
  "You're so stupid.",
  'Are you stupid?',
  'You are being ridiculous.',
  "You're clueless.",
  'You are completely useless.',
  "You're pathetic.",
  'That is a stupid question.',
  'What a dumb request.',
  'That was an idiotic idea.',
  'Listen, you idiot.',
  'Only a moron would do that.',
  'That was a moronic thing to do.',
  "What's wrong with you?",
  'Are you deaf?',
  "Can't you read?",
  'Even a child could do this.',
  'Whatever.',
  'Ok, whatever.',
  'Fine, whatever!',
  "You're such an imbecile.",
  'You are really dense.',
  "You're being so lazy about this.",
];

const profanityPass: Row[] = [
  'Hello, how can I help?',
  'Shell scripts are not supported on this plan.',
  'Please assess the damage and send a photo.',
  'Your parcel is in Amsterdam.',
  'I can see the Arsenal shirt in your order.',
  'The dam at the reservoir caused the outage.',
  'Please scrap the old form.',
  'Our cockpit seat upgrade is in stock.',
  'Your classic edition ships today.',
  'The Dickens box set is back in stock.',
  'That sounds frustrating, I am sorry.',
  'Let me sort that out right now.',
  'Sorry for the hassle.',
  'We will process the refund today.',
  'It arrives on Tuesday.',
  'Our suction cups come in a pack of four.',
  'Hello again! Thanks for waiting.',
  'Please check the shellfish allergy notice on the menu.',
  { messages: [say('customer', 'this is bullshit, what the hell'), say('agent', 'I understand you are upset. Let me help.')], note: 'the customer swearing' },
  'You wrote "wtf" in the form, so the system rejected it. Please use plain words.',
];
const profanityFail: Row[] = [
  'Damn, the system is down again.',
  'What the hell happened here?',
  'This is crap, sorry.',
  'That is some bullshit from the courier.',
  'Oh shit, I deleted your order.',
  'I fucking hate this system.',
  'What the f*ck is this order?',
  'Our app sucks, I know.',
  'Piss off.',
  'Screw you.',
  'Bloody hell, that is late.',
  "I can't be arsed to check.",
  'Stop being an asshole.',
  'That is not a damn thing I can change.',
  "It's not shit, it's just slow.",
  'wtf is going on with your account',
  'Dammit, the link broke.',
  'The courier is a bastard.',
  'Sh*t happens.',
  'I am pissed off too.',
  'Goddamn printers.',
];

ruleTable('prohibited_language: list blame', rule, blamePass, blameFail);
ruleTable('prohibited_language: list insult', rule, insultPass, insultFail);
ruleTable('prohibited_language: list profanity', rule, profanityPass, profanityFail);

describe('built-in term lists', () => {
  it('are linear-time: every pattern passes safe-regex2 (no nested quantifiers) and none uses lookbehind', () => {
    for (const [name, list] of Object.entries(TERM_LISTS)) {
      for (const p of list.patterns) {
        expect({ list: name, pattern: p, safe: safeRegex(p) }).toEqual({ list: name, pattern: p, safe: true });
        expect(p).not.toMatch(/\(\?<[!=]/);
      }
    }
  });

  it('profanity is never negatable; blame and insult are', () => {
    expect(TERM_LISTS.profanity.negatable).toBe(false);
    expect(TERM_LISTS.blame.negatable).toBe(true);
    expect(TERM_LISTS.insult.negatable).toBe(true);
  });
});
