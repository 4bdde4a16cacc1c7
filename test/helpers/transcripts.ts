import type { Message, Transcript } from '../../src/transcript/schema.js';

let counter = 0;

/** A valid transcript with the given messages; fields can be overridden. */
export function makeTranscript(messages: Array<Partial<Message> & Pick<Message, 'role' | 'text'>>, over: Partial<Transcript> = {}): Transcript {
  counter += 1;
  return {
    id: `t-${counter}`,
    channel: 'chat',
    started_at: '2026-11-02T09:00:00Z',
    customer_id: `c-${counter}`,
    messages: messages as Message[],
    ...over,
  };
}

/** Shorthand: `say('customer', 'hi')`. */
export function say(role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  return { role, text, ...extra };
}

export function toJsonl(items: unknown[]): string {
  return items.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))).join('\n') + '\n';
}
