import { say } from '../../../helpers/transcripts.js';
import { ruleTable, shippedRule, type Row } from './shipped-rules.js';

// recording_disclosure (rubrics/support-qa.yaml and rubrics/governance.yaml): the disclosure must be in one of
// the first two agent or bot messages. The rubric claims English, Spanish, French and German phrasings.
const pass: Row[] = [
  'Hi, thanks for calling. This call is being recorded for quality purposes.',
  'This call may be recorded for training and quality purposes.',
  'Please note this chat is recorded.',
  'Calls are recorded and monitored to improve our service.',
  'Just so you know, this conversation will be monitored.',
  'Hello! Our chats are automatically recorded. How can I help?',
  "We're recording this call for training purposes.",
  'We may record this conversation for quality and training.',
  'Your call is recorded for quality assurance.',
  'All calls on this line are recorded.',
  'Hi there, call recording is on for this line.',
  'This session is being recorded, is that OK?',
  'THIS CALL MAY BE MONITORED OR RECORDED.',
  'Messages in this chat may be recorded for security purposes.',
  'Calls get recorded for compliance reasons.',
  'Welcome! We monitor all chats to keep our service safe.',
  { messages: [say('bot', 'Hi, I am the virtual assistant.'), say('bot', 'Conversations with us may be recorded for quality.')], note: 'in the second bot message' },
  { messages: [say('customer', 'is this recorded?'), say('agent', 'Yes, this call is recorded for quality.')], note: 'answering the customer' },
  // Spanish
  'Hola, le informamos que esta llamada puede ser grabada con fines de calidad.',
  'Esta conversación será grabada para mejorar nuestro servicio.',
  'Las llamadas pueden ser grabadas y monitoreadas.',
  'Grabamos todas las llamadas para fines de formación.',
  // French
  'Bonjour, cet appel peut être enregistré à des fins de qualité.',
  'Nous enregistrons cette conversation pour la formation.',
  'Les appels sont enregistrés pour améliorer notre service.',
  // German
  'Guten Tag, dieses Gespräch wird zu Qualitätszwecken aufgezeichnet.',
  'Anrufe können aufgezeichnet werden.',
  'Wir zeichnen dieses Gespräch zu Schulungszwecken auf.',
];

const fail: Row[] = [
  'Hi, how can I help you today?',
  'Thanks for calling, my name is Sam.',
  'This call is not recorded.',
  'Calls are never recorded on this line.',
  "Don't worry, we do not record this conversation.",
  'No calls are recorded or monitored here.',
  'We stopped recording calls last year, so nothing is recorded for training.',
  "Your order was recorded in our system and I've logged the issue.",
  "I've recorded your new address.",
  'I have noted your complaint and it will be reviewed.',
  'Your details have been saved.',
  'The recorded delivery letter arrived yesterday.',
  'I can see you recorded a video of the damage, thanks.',
  { messages: [say('agent', 'Hi, how can I help?'), say('agent', 'Let me check.'), say('agent', 'By the way, this call may be recorded.')], note: 'disclosure only in the third agent message' },
  { messages: [say('customer', 'Your colleague said "this call is being recorded", is that true?'), say('agent', 'Let me check that for you.')], note: 'the customer quoting the agent' },
  { messages: [say('customer', 'this call may be recorded, right?'), say('agent', 'How can I help?')], note: 'only the customer mentions recording' },
  'You asked whether "this call is being recorded" - let me check.',
  { messages: [say('system', 'Calls may be recorded.', { event: 'notice' }), say('agent', 'Hi, how can I help?')], note: 'a system notice is not the agent or bot' },
  // Spanish, French, German negations
  'Esta llamada no será grabada.',
  "Cet appel n'est pas enregistré.",
  'Dieses Gespräch wird nicht aufgezeichnet.',
  'Hola, ¿en qué puedo ayudarle?',
  'Bonjour, comment puis-je vous aider ?',
  'Guten Tag, wie kann ich helfen?',
];

ruleTable('recording_disclosure (support-qa)', shippedRule('support-qa', 'recording_disclosure'), pass, fail);
ruleTable('recording_disclosure (governance)', shippedRule('governance', 'recording_disclosure'), pass, fail);
