import { say } from '../../../helpers/transcripts.js';
import { ruleTable, shippedRule, type Row } from './shipped-rules.js';

// closing_offer (rubrics/governance.yaml): one of the last two agent or bot messages offers further help.
const pass: Row[] = [
  'Is there anything else I can help you with?',
  'Anything else I can do for you today?',
  'Can I help with anything else?',
  'Is there something else I can assist with?',
  'Do you have any other questions?',
  'Any other issues I can look into?',
  'Let me know if you need anything else.',
  'If you need further help, just reply to this chat.',
  'Happy to provide further assistance if needed.',
  'Is there anything more I can do?',
  'What else I can help with today?',
  'Anything else? I am happy to help.',
  'Any more questions before you go?',
  'Can I assist you with anything else today?',
  'Was there something else I can help with?',
  'Please reach out if you have any other concerns.',
  'ANYTHING ELSE I CAN HELP WITH?',
  'You are all set. Anything else?',
  { messages: [say('agent', 'Done! Anything else I can help with?'), say('customer', 'no thanks'), say('agent', 'Have a great day!')], note: 'offer in the second-to-last agent message' },
  { messages: [say('bot', 'Your refund is on its way.'), say('bot', 'Is there anything else I can help you with?')], note: 'a bot closing' },
  "Don't hesitate to ask if there's anything else.",
];

const fail: Row[] = [
  'Goodbye.',
  'Have a nice day.',
  'Your refund is on its way.',
  'Thanks for contacting us.',
  'There is nothing else I can do.',
  "I can't help with anything else.",
  'I cannot offer further help on this.',
  'Nothing else I can help with, sorry.',
  "There's no further assistance available.",
  "I won't be able to answer any other questions.",
  'The ticket is closed.',
  'Bye!',
  'I have escalated your case.',
  'Please hold.',
  { messages: [say('agent', 'Anything else I can help with?'), say('agent', 'Your order shipped.'), say('agent', 'Goodbye.')], note: 'offer only before the last two agent messages' },
  { messages: [say('agent', 'Your order shipped.'), say('customer', 'Anything else I should know?'), say('agent', 'No. Goodbye.')], note: 'only the customer says "anything else"' },
  'You asked "anything else?" - no, that is everything from us.',
  'I will close the chat now.',
  'Your case number is 12345.',
  'Thank you for your patience.',
  'Refund approved.',
];

ruleTable('closing_offer', shippedRule('governance', 'closing_offer'), pass, fail);
