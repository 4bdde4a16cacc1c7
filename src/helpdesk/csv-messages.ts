import type { Readable } from 'node:stream';
import { UsageError } from '../error/cxqa-error.js';
import { issuePath } from '../error/zod-issue.js';
import { readCsvRows } from '../calibrate/import/read-csv-rows.js';
import { roleSchema, transcriptSchema, type Message, type Role, type Transcript } from '../transcript/schema.js';
import type { HelpdeskImportEvent } from './import-helpdesk.js';
import { SKIP_INVALID } from './import-helpdesk.js';
import { FieldError, HelpdeskRecordError, type RecordLocation } from './record-error.js';
import { isoTime } from './times.js';

/** The columns cxqa reads, by canonical name; `--map canonical=Header` renames them. */
export const CSV_FIELDS = ['conversation_id', 'role', 'text', 'at', 'author', 'channel', 'customer_id', 'intent', 'agent_id', 'event', 'csat'] as const;
type CsvField = (typeof CSV_FIELDS)[number];
const REQUIRED: readonly CsvField[] = ['conversation_id', 'role', 'text'];

/** Role values understood without `--roles` (case-insensitive). */
const DEFAULT_ROLES: Record<string, Role> = {
  customer: 'customer', user: 'customer', client: 'customer', contact: 'customer', 'end-user': 'customer', visitor: 'customer', caller: 'customer',
  agent: 'agent', human: 'agent', support: 'agent', admin: 'agent', staff: 'agent', representative: 'agent', rep: 'agent',
  bot: 'bot', ai: 'bot', 'ai agent': 'bot', assistant: 'bot', 'virtual agent': 'bot', chatbot: 'bot',
  system: 'system', event: 'system',
};

export interface CsvOptions {
  /** `conversation_id=Ticket,text=Body,…` */
  map?: string;
  /** `customer=Customer,agent=Support|Tier 2,bot=Bot` */
  roles?: string;
  /** Channel when the file has no channel column. */
  channel: string;
}

/** How many finished conversation ids are remembered to catch rows of one conversation that are not together. */
const RECENT_IDS = 10_000;

/**
 * A CSV with one row per message (`conversation_id, role, text, at, author, channel, customer_id, intent`,
 * plus optional `agent_id`, `event`, `csat`), rows of a conversation together and in order, as helpdesk
 * reporting tools export them. One bad row skips its conversation with an error naming line and column.
 */
export async function* importCsvMessages(input: string | Readable, file: string, opts: CsvOptions): AsyncGenerator<HelpdeskImportEvent> {
  const map = parsePairs(opts.map, '--map');
  for (const key of map.keys()) {
    if (!(CSV_FIELDS as readonly string[]).includes(key)) throw new UsageError(`--map: unknown field "${key}" (fields: ${CSV_FIELDS.join(', ')})`, 'BAD_CSV_MAP');
  }
  const roles = roleTable(opts.roles);
  let columns: Map<CsvField, number> | undefined;
  let record = 0;
  let current: Conversation | undefined;
  const recent = new Set<string>();
  const finish = function* (): Generator<HelpdeskImportEvent> {
    if (!current) return;
    recent.add(current.id);
    if (recent.size > RECENT_IDS) recent.delete(recent.values().next().value as string);
    yield current.finish(opts.channel);
    current = undefined;
  };
  for await (const row of readCsvRows(input)) {
    if (!row.ok) {
      if (!columns) throw new UsageError(`${file}:${row.line}: the header row is not valid CSV: ${row.message}`, 'BAD_CSV_HEADER');
      if (current) current.fail(new FieldError('', `line ${row.line}: not valid CSV: ${row.message}`), row.line);
      continue;
    }
    if (!columns) {
      columns = headerColumns(row.cells, map, file);
      continue;
    }
    const cell = (f: CsvField) => {
      const i = columns!.get(f);
      return i === undefined ? undefined : (row.cells[i] ?? '').trim();
    };
    const id = cell('conversation_id') ?? '';
    if (!current || current.id !== id) {
      yield* finish();
      record += 1;
      current = new Conversation(id, { file, record, line: row.line });
      if (id && recent.has(id)) current.fail(new FieldError(column(map, 'conversation_id'), `rows of conversation "${id}" are not together (sort the export by conversation, then time)`), row.line);
    }
    try {
      current.addRow(cell, roles, map);
    } catch (err) {
      if (err instanceof FieldError) current.fail(err, row.line);
      else throw err;
    }
  }
  yield* finish();
}

class Conversation {
  private readonly messages: Message[] = [];
  private error: HelpdeskRecordError | undefined;
  private channel: string | undefined;
  private customer: string | undefined;
  private intent: string | undefined;
  private agent: string | undefined;
  private csat: number | undefined;
  private startedAt: string | undefined;

  constructor(
    readonly id: string,
    private readonly location: RecordLocation,
  ) {}

  fail(err: FieldError, line: number): void {
    this.error ??= new HelpdeskRecordError('HELPDESK_FIELD', { ...this.location, line }, err.field || undefined, err.message, this.id || undefined);
  }

  addRow(cell: (f: CsvField) => string | undefined, roles: Map<string, Role>, map: Map<string, string>): void {
    if (!this.id) throw new FieldError(column(map, 'conversation_id'), 'empty conversation id');
    const rawRole = cell('role') ?? '';
    const role = roles.get(rawRole.toLowerCase());
    if (!role) throw new FieldError(column(map, 'role'), `unknown role "${rawRole}" (known: ${[...new Set(roles.keys())].join(', ')}; set --roles)`);
    const rawAt = cell('at');
    const at = rawAt ? isoTime(rawAt, column(map, 'at')) : undefined;
    this.startedAt ??= at;
    const message: Message = { role, text: cell('text') ?? '' };
    if (at) message.at = at;
    const author = cell('author');
    if (author) message.author = author;
    const event = cell('event');
    if (event) message.event = event.toLowerCase();
    this.messages.push(message);
    this.channel ??= cell('channel') || undefined;
    this.customer ??= cell('customer_id') || undefined;
    this.intent ??= cell('intent') || undefined;
    this.agent ??= cell('agent_id') || (role === 'agent' ? author : undefined) || undefined;
    const csat = cell('csat');
    if (csat) {
      const n = Number(csat);
      if (!Number.isInteger(n) || n < 1 || n > 5) throw new FieldError(column(map, 'csat'), `csat must be a whole number 1–5, got "${csat}"`);
      this.csat = n;
    }
  }

  finish(defaultChannel: string): HelpdeskImportEvent {
    if (this.error) return { kind: 'skipped', reason: SKIP_INVALID, error: this.error, location: this.location };
    const started = this.startedAt;
    const transcript: Transcript = {
      id: this.id,
      channel: this.channel ?? defaultChannel,
      started_at: started ?? '',
      customer_id: this.customer ?? '',
      ...(this.intent ? { intent: this.intent } : {}),
      ...(this.agent ? { agent_id: this.agent } : {}),
      ...(this.csat ? { survey: { csat: this.csat } } : {}),
      metadata: { source: 'csv' },
      messages: this.messages,
    };
    const problem = !started ? 'no row of this conversation has a time (column at)' : !this.customer ? 'no row of this conversation has a customer_id' : undefined;
    if (problem) {
      const error = new HelpdeskRecordError('HELPDESK_FIELD', this.location, !started ? 'at' : 'customer_id', problem, this.id);
      return { kind: 'skipped', reason: SKIP_INVALID, error, location: this.location };
    }
    const parsed = transcriptSchema.safeParse(transcript);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const error = new HelpdeskRecordError('HELPDESK_TRANSCRIPT', this.location, `transcript.${issuePath(issue.path)}`, issue.message, this.id);
      return { kind: 'skipped', reason: SKIP_INVALID, error, location: this.location };
    }
    return { kind: 'transcript', transcript: parsed.data, location: this.location };
  }
}

function headerColumns(cells: string[], map: Map<string, string>, file: string): Map<CsvField, number> {
  const byHeader = new Map(cells.map((h, i) => [h.trim().toLowerCase(), i] as const));
  const out = new Map<CsvField, number>();
  for (const field of CSV_FIELDS) {
    const header = (map.get(field) ?? field).toLowerCase();
    const i = byHeader.get(header);
    if (i !== undefined) out.set(field, i);
  }
  const missing = REQUIRED.filter((f) => !out.has(f));
  if (missing.length) {
    throw new UsageError(
      `${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((f) => `"${map.get(f) ?? f}"`).join(', ')} (header: ${cells.join(', ')}); name yours with --map ${missing.map((f) => `${f}=YourColumn`).join(',')}`,
      'BAD_CSV_HEADER',
    );
  }
  return out;
}

function column(map: Map<string, string>, field: CsvField): string {
  return map.get(field) ?? field;
}

function parsePairs(spec: string | undefined, flag: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!spec) return out;
  for (const pair of spec.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UsageError(`${flag} takes name=value pairs separated by commas, got "${pair}"`, 'BAD_CSV_MAP');
    out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return out;
}

function roleTable(spec: string | undefined): Map<string, Role> {
  const table = new Map<string, Role>(Object.entries(DEFAULT_ROLES));
  for (const [role, values] of parsePairs(spec, '--roles')) {
    const parsed = roleSchema.safeParse(role);
    if (!parsed.success) throw new UsageError(`--roles: "${role}" is not a role (customer, agent, bot, system)`, 'BAD_CSV_ROLES');
    for (const value of values.split('|')) table.set(value.trim().toLowerCase(), parsed.data);
  }
  return table;
}
