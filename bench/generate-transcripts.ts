/**
 * Deterministic synthetic transcripts for the benchmarks: realistic customer-service turns (greeting with a
 * recording disclosure, an order problem, verification, a fix or a hand-off, a closing), varied by a seeded
 * PRNG so content hashes and judge signals differ from one transcript to the next. Files are written as a
 * stream (constant memory, whatever the count).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Message, Transcript } from '../src/transcript/schema.js';

/** The first bot message of every generated transcript; the fake model server quotes it as evidence. */
export const GREETING = "Hi, I'm the Larkspur virtual assistant. This chat may be recorded for quality and training purposes. How can I help today?";
export const GREETING_QUOTE = 'This chat may be recorded for quality and training purposes.';

const PROBLEMS = [
  "hi, where's my order? it was supposed to arrive on friday and the tracking hasn't moved in three days",
  'I was charged twice for the same order and I want the duplicate payment refunded please',
  'the lamp I ordered arrived with a cracked base, can I get a replacement or do I need to send it back first?',
  "I can't log in to my account, the password reset email never arrives even though I checked spam",
  'I want to cancel my subscription before the next billing date, how do I do that?',
  'my parcel says delivered but there is nothing on my doorstep and my neighbours have not seen it',
  'the discount code from your newsletter is not working at checkout, it says expired but the email says valid until sunday',
];
const ASK_ID = [
  "Sorry to hear that. Could you give me your order number? It starts with LK- and you'll find it in your confirmation email.",
  'I can help with that. For security, please confirm the email address on your account and your order number.',
  "I'm sorry about the trouble. Can you share the order reference so I can look into it?",
];
const ANSWER_ID = ['LK-{n}', 'sure, it is LK-{n} and my email is on the account', 'order LK-{n}, placed last monday'];
const FINDINGS = [
  'Thanks. Order LK-{n} left our warehouse on Thursday, but the courier missed the Friday slot because of a backlog at their depot. It is out for delivery today between 12:00 and 14:00.',
  'Thanks for confirming. I can see two payments for order LK-{n}; the second one is a duplicate authorisation and has been released. It will disappear from your statement within 3 to 5 working days.',
  "I've checked order LK-{n}. I've arranged a replacement that ships tomorrow with next-day delivery, and you don't need to return the damaged item.",
  "I can't resolve this one myself, so I'm passing you to a colleague in our payments team who can see your full account history.",
];
const CUSTOMER_FOLLOW = [
  'ok thanks, will I get an email when it ships?',
  "that's not what your website says though, it says refunds take 24 hours",
  'great, that was quick. thanks!',
  'how long will that take? I need it before the weekend',
  'fine. can you also update my delivery address to 14 Elm Road?',
];
const AGENT_FOLLOW = [
  'Yes, you will receive an email with a tracking link as soon as it ships, usually within 24 hours. Your reference is CASE-{n}.',
  'You are right that card refunds are started within 24 hours; the 3 to 5 days is how long your bank takes to show it. I have noted this on case CASE-{n}.',
  "It should arrive by Friday. If it hasn't arrived by then, reply to this chat with CASE-{n} and we will send another one at no cost.",
  "I've updated the delivery address on your account. The change applies to this order and future ones.",
];
const CLOSINGS_CUSTOMER = ['perfect, thanks for your help', 'ok', 'thank you, that solves it', 'whatever, I just want it sorted', 'thanks, bye'];
const CLOSINGS_BOT = [
  'Glad I could help. Is there anything else I can do for you today?',
  'You are welcome! Have a lovely day.',
  'Thanks for contacting Larkspur. Your case reference is CASE-{n} if you need to get back in touch.',
];

/** Mulberry32: a tiny, fast, seedable PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/**
 * Transcript number `i` (deterministic): `messageCount` messages (at least 2), alternating customer and
 * bot/agent turns, starting with the greeting. Roughly 160 characters per message.
 */
export function generateTranscript(i: number, messageCount = 10): Transcript {
  const rand = prng(i * 2654435761 + 1);
  const n = String(100000 + ((i * 7919) % 900000));
  const fill = (s: string) => s.replaceAll('{n}', n);
  const start = Date.UTC(2026, 10, 1, 8, 0, 0) + (i % 100_000) * 60_000;
  const at = (k: number) => new Date(start + k * 45_000).toISOString().replace('.000Z', 'Z');
  const handoff = rand() < 0.15;
  const agentRole: Message['role'] = handoff ? 'agent' : 'bot';
  const messages: Message[] = [{ role: 'bot', text: GREETING, at: at(0), author: 'helpbot-2' }];
  const bodies: Array<[Message['role'], string]> = [
    ['customer', pick(rand, PROBLEMS)],
    ['bot', pick(rand, ASK_ID)],
    ['customer', fill(pick(rand, ANSWER_ID))],
    [agentRole, fill(pick(rand, FINDINGS))],
  ];
  while (bodies.length < messageCount - 3) {
    bodies.push(['customer', fill(pick(rand, CUSTOMER_FOLLOW))]);
    bodies.push([agentRole, fill(pick(rand, AGENT_FOLLOW))]);
  }
  bodies.push(['customer', pick(rand, CLOSINGS_CUSTOMER)]);
  bodies.push([agentRole, fill(pick(rand, CLOSINGS_BOT))]);
  for (const [role, text] of bodies) {
    if (messages.length >= messageCount) break;
    const m: Message = { role, text, at: at(messages.length) };
    if (role !== 'customer') m.author = role === 'bot' ? 'helpbot-2' : 'agent-17';
    messages.push(m);
  }
  return {
    id: `bench-${i}`,
    channel: 'chat',
    started_at: at(0),
    customer_id: `cust-${(i * 31) % 50_000}`,
    intent: 'order_issue',
    ...(handoff ? { agent_id: 'agent-17' } : {}),
    messages,
  };
}

/** Writes `count` transcripts as JSONL to `path`, streaming (honours back-pressure); `edit` may change each before it is written. */
export async function writeTranscripts(path: string, count: number, messageCount = 10, edit?: (t: Transcript, i: number) => void): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const t = generateTranscript(i, messageCount);
    edit?.(t, i);
    chunk += `${JSON.stringify(t)}\n`;
    if (chunk.length >= 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk) out.write(chunk);
  out.end();
  await once(out, 'finish');
}
