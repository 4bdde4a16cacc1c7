import { say } from '../../../helpers/transcripts.js';
import { ruleTable, shippedRule, type Row } from './shipped-rules.js';

// response_time (rubrics/governance.yaml): no chat customer waits more than 300 s for an agent or bot reply.
// "Phrasings" of a wait: who replies, how long, how many messages, timestamps with and without offsets.
const t0 = Date.parse('2026-11-02T09:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
/** A chat where each pair is [customer second, reply second] (reply role: agent, unless given). */
const waits = (pairs: Array<[number, number, ('agent' | 'bot')?]>, note: string): Row => ({
  messages: pairs.flatMap(([c, r, role]) => [say('customer', 'hello?', { at: at(c) }), say(role ?? 'agent', 'Here to help.', { at: at(r) })]),
  note,
});

const pass: Row[] = [
  waits([[0, 10]], 'reply after 10 s'),
  waits([[0, 299]], 'reply after 299 s'),
  waits([[0, 300]], 'reply after exactly 300 s'),
  waits([[0, 1, 'bot']], 'bot reply after 1 s'),
  waits([[0, 60], [120, 400]], 'two waits of 60 s and 280 s'),
  waits([[0, 5], [10, 15], [20, 25], [30, 35]], 'four quick replies'),
  waits([[0, 290, 'bot'], [600, 890]], 'bot then agent, both under 5 minutes'),
  waits([[0, 0]], 'reply in the same second'),
  waits([[0, 120], [3600, 3700]], 'the customer came back an hour later'),
  waits([[0, 250], [260, 510], [520, 770]], 'three 250 s waits'),
  { messages: [say('customer', 'hi', { at: at(0) }), say('customer', 'anyone?', { at: at(200) }), say('agent', 'yes', { at: at(290) })], note: 'a second customer message does not restart the clock' },
  { messages: [say('customer', 'hi', { at: '2026-11-02T10:00:00+01:00' }), say('agent', 'hello', { at: '2026-11-02T09:04:00Z' })], note: 'timestamps in different offsets (240 s)' },
  { messages: [say('customer', 'hi', { at: at(0) }), say('system', 'queued', { at: at(400), event: 'queue' }), say('agent', 'hello', { at: at(100) })], note: 'a system message is not a reply' },
  { messages: [say('customer', 'hi'), say('agent', 'hello')], note: 'no timestamps (N/A)' },
  { messages: [say('customer', 'hi', { at: at(0) }), say('agent', 'hello', { at: at(1000) })], over: { channel: 'email' }, note: 'an email thread (N/A: chat only)' },
  { messages: [say('customer', 'hi', { at: at(0) }), say('agent', 'hello', { at: at(1000) })], over: { channel: 'voice' }, note: 'a voice call (N/A: chat only)' },
  { messages: [say('agent', 'Welcome!', { at: at(0) }), say('customer', 'hi', { at: at(900) }), say('agent', 'hello', { at: at(960) })], note: 'the agent opened the chat' },
  { messages: [say('customer', 'hi', { at: at(0) }), say('agent', 'hello', { at: at(30) }), say('customer', 'thanks, bye', { at: at(40) })], note: 'the customer has the last word' },
  waits([[0, 180], [200, 480], [500, 501]], 'mixed waits, longest 280 s'),
  waits([[0, 59, 'bot'], [100, 159, 'bot'], [200, 259, 'bot']], 'a bot answering each time'),
];

const fail: Row[] = [
  waits([[0, 301]], 'reply after 301 s'),
  waits([[0, 600]], 'reply after 10 minutes'),
  waits([[0, 3600]], 'reply after an hour'),
  waits([[0, 10], [20, 400]], 'second wait 380 s'),
  waits([[0, 400], [410, 420]], 'first wait 400 s'),
  waits([[0, 301, 'bot']], 'bot reply after 301 s'),
  waits([[0, 5], [10, 15], [20, 25], [30, 1000]], 'the last of four waits 970 s'),
  waits([[0, 500], [600, 1200]], 'two long waits'),
  waits([[0, 86400]], 'reply the next day'),
  { messages: [say('customer', 'hi', { at: at(0) }), say('customer', 'anyone?', { at: at(200) }), say('agent', 'yes', { at: at(320) })], note: 'the clock runs from the first unanswered message (320 s)' },
  { messages: [say('customer', 'hi', { at: '2026-11-02T10:00:00+01:00' }), say('agent', 'hello', { at: '2026-11-02T09:06:00Z' })], note: 'timestamps in different offsets (360 s)' },
  { messages: [say('customer', 'hi', { at: at(0) }), say('system', 'queued', { at: at(10), event: 'queue' }), say('agent', 'hello', { at: at(700) })], note: 'a system message does not stop the clock' },
  waits([[0, 250], [260, 510], [520, 900]], 'three waits, the last 380 s'),
  waits([[0, 302]], 'reply after 302 s'),
  waits([[0, 1], [2, 3], [4, 5], [6, 7], [8, 500]], 'five waits, the last 492 s'),
  waits([[0, 45], [50, 1000, 'bot']], 'a slow bot'),
  waits([[0, 310], [320, 630], [640, 950]], 'three waits just over the limit'),
  { messages: [say('agent', 'Welcome!', { at: at(0) }), say('customer', 'hi', { at: at(10) }), say('agent', 'hello', { at: at(1000) })], note: 'the agent opened, then made the customer wait' },
  { messages: [say('customer', 'hi', { at: at(0) }), say('agent', 'hello', { at: at(30) }), say('customer', 'still there?', { at: at(40) }), say('agent', 'yes', { at: at(900) })], note: 'the second wait is 860 s' },
  waits([[0, 7200, 'agent']], 'two hours'),
];

ruleTable('response_time', shippedRule('governance', 'response_time'), pass, fail);
