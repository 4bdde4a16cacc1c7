import { say } from '../../../helpers/transcripts.js';
import { ruleTable, shippedRule, type Row } from './shipped-rules.js';

// no_guarantees (rubrics/governance.yaml): only the claims team can guarantee a refund or compensation.
const pass: Row[] = [
  "I can't guarantee a refund, but I'll pass this to the claims team.",
  'I cannot promise any compensation; the claims team decides.',
  "We don't guarantee refunds for opened items.",
  'I will never promise a refund I cannot give.',
  'I promise I will look into it today.',
  'I guarantee you will hear from us by Friday.',
  'Our products come with a 30-day money-back guarantee.',
  'You can read our refund guarantee policy on the website.',
  'The claims team will decide on compensation within 5 days.',
  'I have raised a refund request; the claims team will confirm.',
  'Your refund has been processed and should arrive in 3-5 days.',
  'I am not able to guarantee anything about compensation.',
  'There is no guarantee of a refund, I am afraid.',
  'We promise to reply within 24 hours.',
  "I'm 100% sure the parcel ships today.",
  'Delivery is guaranteed by Friday for Prime orders? Let me check.',
  'Please keep the receipt in case you need a refund.',
  'I understand you want a guarantee; I will ask the claims team about a refund.',
  { messages: [say('customer', 'The last agent said "I guarantee you a full refund"!'), say('agent', 'Let me check what the claims team decided.')], note: 'the customer quoting an agent' },
  'You said the other agent told you "we guarantee a refund"; I am sorry, only the claims team can decide that.',
  'Without the claims team I cannot promise a refund.',
];

const fail: Row[] = [
  "I guarantee you'll get a full refund.",
  'I promise you will get your money back.',
  'We guarantee a full refund.',
  'I can guarantee the refund will go through.',
  'I personally guarantee you a refund.',
  "I'll guarantee compensation for the delay.",
  'We promise a credit of $50 on your account.',
  'I promise the compensation will be £100.',
  'Your refund is guaranteed.',
  'The compensation is 100% guaranteed.',
  "Don't worry, your refund's guaranteed.",
  'You are guaranteed a full refund.',
  "You'll definitely get a full refund.",
  'You will certainly receive compensation.',
  'It is 100% guaranteed.',
  'Absolutely guaranteed, no question.',
  'I guarantee you a refund by Friday.',
  'We do promise a refund if it is lost.',
  'I would guarantee a reimbursement here.',
  'I promise you a full refund, no matter what the claims team says.',
  'I GUARANTEE A REFUND.',
  'I’ll guarantee your money back.',
];

ruleTable('no_guarantees', shippedRule('governance', 'no_guarantees'), pass, fail);
