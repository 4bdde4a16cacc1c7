import type { Message, Role, Survey, Transcript } from '../transcript/schema.js';
import { SkipRecord } from './record-error.js';

export interface BuilderMessage {
  role: Role;
  text: string;
  at?: string | undefined;
  author?: string | undefined;
  event?: string | undefined;
  /** The vendor's id of the comment / part / entry, kept in `metadata.message_ids`. */
  vendorId?: string | number | undefined;
  attachments?: readonly string[];
}

/**
 * Collects the messages of one conversation in order. Attachment-only messages get a text naming the files
 * (`[attachment: invoice.pdf]`); messages with neither text nor attachment are dropped and counted
 * (`metadata.empty_messages_dropped`); vendor ids go to `metadata.message_ids`, aligned with `messages`.
 */
export class TranscriptBuilder {
  private readonly messages: Message[] = [];
  private readonly ids: (string | null)[] = [];
  private empty = 0;
  private notes = 0;

  add(m: BuilderMessage): void {
    let text = m.text.trim();
    if (m.attachments && m.attachments.length > 0) {
      const files = `[attachment${m.attachments.length > 1 ? 's' : ''}: ${m.attachments.join(', ')}]`;
      text = text ? `${text}\n${files}` : files;
    }
    if (text === '' && !m.event) {
      this.empty += 1;
      return;
    }
    const message: Message = { role: m.role, text };
    if (m.at) message.at = m.at;
    if (m.author && m.author.trim()) message.author = m.author.trim();
    if (m.event) message.event = m.event;
    this.messages.push(message);
    this.ids.push(m.vendorId === undefined || m.vendorId === null ? null : String(m.vendorId));
  }

  /** An internal note left out (counted in `metadata.notes_excluded`). */
  noteExcluded(): void {
    this.notes += 1;
  }

  get roles(): readonly Role[] {
    return this.messages.map((m) => m.role);
  }

  /**
   * Inserts a `system` hand-off event before the first human-agent message that follows a bot message,
   * unless the vendor data already has one (Intercom assignments, Salesforce `BotEscalated`).
   */
  markBotHandoff(): void {
    const firstBot = this.messages.findIndex((m) => m.role === 'bot');
    if (firstBot === -1) return;
    const firstAgent = this.messages.findIndex((m, i) => i > firstBot && m.role === 'agent');
    if (firstAgent === -1) return;
    if (this.messages.slice(firstBot, firstAgent).some((m) => m.role === 'system' && (m.event === 'handoff' || m.event === 'transfer'))) return;
    const at = this.messages[firstAgent]!.at;
    this.messages.splice(firstAgent, 0, { role: 'system', text: 'Handed off to a human agent', event: 'handoff', ...(at ? { at } : {}) });
    this.ids.splice(firstAgent, 0, null);
  }

  build(base: Omit<Transcript, 'messages' | 'survey'> & { survey?: Survey | undefined }, noun: string): Transcript {
    if (!this.messages.some((m) => m.role !== 'system')) {
      throw new SkipRecord(this.notes > 0 ? `${noun} holds only internal notes` : `${noun} has no messages with text`);
    }
    const metadata: Record<string, unknown> = { ...(base.metadata ?? {}), message_ids: this.ids };
    if (this.empty > 0) metadata.empty_messages_dropped = this.empty;
    if (this.notes > 0) metadata.notes_excluded = this.notes;
    const { survey, ...rest } = base;
    return { ...rest, ...(survey && Object.keys(survey).length > 0 ? { survey } : {}), metadata, messages: this.messages };
  }
}

/** A non-empty string field, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A vendor id (string or number) as a string, or undefined. */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return str(value);
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** File names of a vendor attachment list, whichever name field the vendor uses. */
export function attachmentNames(value: unknown, ...nameFields: string[]): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) {
    const obj = asObject(item);
    if (!obj) continue;
    const name = nameFields.map((f) => str(obj[f])).find((n) => n !== undefined);
    out.push(name ?? 'file');
  }
  return out;
}

/** Drops undefined and null values (metadata keeps only what the vendor said). */
export function clean(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}
