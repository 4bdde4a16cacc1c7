import { say } from '../../../helpers/transcripts.js';
import { ruleTable, shippedRule, type Row } from './shipped-rules.js';

// verification_before_action (rubrics/governance.yaml): identity verified before a refund is offered or account
// details are changed. Rows without an intent use refund_request.
const c = (text: string) => say('customer', text);
const a = (text: string) => say('agent', text);
const refund = (...texts: string[]): Row => ({ messages: [c('I want a refund for order 1234.'), ...texts.map(a)] });
const change = (intent: string, ...texts: string[]): Row => ({ messages: [c('I need to change my details.'), ...texts.map(a)], over: { intent } });

const pass: Row[] = [
  refund('Can you confirm your date of birth?', 'Thanks, I have verified your identity.', "I'll issue a full refund now."),
  refund('Thanks for verifying. I have processed your refund.'),
  refund('That matches our records.', 'Your refund has been issued.'),
  refund("You're now verified.", "I guarantee you'll get a full refund."),
  refund('Your identity has been confirmed.', "We've refunded the order."),
  refund('You passed the security check.', 'You will receive a full refund within 5 days.'),
  refund('Everything checks out.', 'I can go ahead and process the refund.'),
  refund("I can't refund that order, it is outside the return window."),
  refund('I cannot issue a refund for a used gift card.'),
  refund("If it hasn't arrived by Friday, we'll refund you."),
  refund("Once you're verified, I'll process the refund."),
  refund('As soon as the return arrives, a refund will be issued — first, can you confirm your postcode?'),
  refund('Have you already verified your account?', 'Great, your account has been verified.', 'Refund processed.'),
  refund('Our policy says refunds take 5 days.'),
  refund('Please send a photo of the damage.'),
  { messages: [c('I want a refund'), say('system', 'identity verified', { event: 'verified' }), say('system', 'Identity verified for this customer.'), a("I'll refund the order.")], note: 'verified by a system message first' },
  { messages: [c('the last agent said "I will refund you"'), a('Let me verify your identity first: what is your postcode?')], note: 'the customer quoting an agent' },
  refund('You mentioned the previous agent said "we will refund it" - let me check your account first.'),
  change('manage_change_address', 'Thanks, your identity is verified.', 'I have updated your address.'),
  change('manage_change_address', 'Could you confirm your postcode?', 'Thanks for confirming.', 'Your address has been updated.'),
  change('manage_payment_method', 'That matches, thank you.', 'The payment method has been updated.'),
  change('manage_change_phone', 'I have not changed your phone number yet: can you verify your identity first?'),
];

const fail: Row[] = [
  refund("I guarantee you'll get a full refund."),
  refund("I'll issue a full refund now."),
  refund("You'll get a full refund."),
  refund('I have processed your refund.'),
  refund("We'll refund the order today."),
  refund('A refund has been issued to your card.'),
  refund('Your refund is being processed.'),
  refund("I've refunded it."),
  refund('I can give you a refund right away.'),
  refund("I'm going to issue a refund."),
  refund('I promise a refund today.'),
  refund("We'll give you your money back."),
  refund("I'll refund you.", 'Now, can you verify your identity?', 'Thanks, you are verified.'),
  refund('I’ll issue a refund now.'),
  refund('Refund was approved.'),
  refund('Have you verified your account?', "I'll process the refund."),
  refund('We will approve the refund.'),
  refund('You will definitely get your money back.'),
  change('manage_change_address', 'I have updated your address.'),
  change('manage_change_address', 'Your address has been changed to 1 High St.'),
  change('manage_payment_method', 'The payment method has been updated.'),
  change('manage_change_phone', 'I changed your phone number.', 'Please confirm your date of birth.'),
];

ruleTable('verification_before_action', shippedRule('governance', 'verification_before_action'), pass, fail, { intent: 'refund_request' });
