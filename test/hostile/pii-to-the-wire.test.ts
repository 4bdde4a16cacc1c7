import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeForDetection } from '../../src/governance/detect/normalize-text.js';
import { redactTranscript } from '../../src/governance/redact.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { chatCompletion, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { goodAnswer, judgeFor, miniRubric, openaiHarness } from '../judge/llm/llm-fixtures.js';

/**
 * Personal data planted in the shapes that used to reach the model (issue: 12 of 40 did), sent through the
 * real OpenAI SDK to a loopback server. A value "reaches the wire" when a request body contains it as
 * written, or its digits in a row, or (emails) the address it spells.
 */
interface Plant {
  name: string;
  /** Strings that must not appear in any request body (each also checked after normalising digits and spaces). */
  forms: string[];
  messages: Transcript['messages'];
  metadata?: Record<string, unknown>;
}

const nbsp = (s: string) => s.replace(/ /g, '\u00A0');
const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const arabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

const PLANTS: Plant[] = [
  // An SSN given with a context word, then echoed without one.
  { name: 'SSN echoed (dashes)', forms: ['536-22-1234', '536221234'], messages: [{ role: 'customer', text: 'My SSN is 536-22-1234.' }, { role: 'agent', text: 'Thanks, I have noted 536-22-1234.' }] },
  { name: 'SSN echoed (spaces)', forms: ['219 09 9999', '219099999'], messages: [{ role: 'customer', text: 'social security 219 09 9999' }, { role: 'bot', text: 'Got it: 219 09 9999, correct?' }] },
  { name: 'SSN echoed later in metadata', forms: ['078-05-1120'], messages: [{ role: 'customer', text: 'ssn 078-05-1120' }], metadata: { note: 'verified 078-05-1120' } },
  // Anything in a message's `event` field.
  { name: 'email in event', forms: ['jane.roe@example.com'], messages: [{ role: 'system', text: 'handed off', event: 'handoff to jane.roe@example.com' }] },
  { name: 'phone in event', forms: ['+1 415 555 0100', '4155550100'], messages: [{ role: 'system', text: 'transfer', event: 'transfer to +1 415 555 0100' }] },
  { name: 'card in event', forms: ['4012 8888 8888 1881', '4012888888881881'], messages: [{ role: 'system', text: 'payment', event: 'card 4012 8888 8888 1881 declined' }] },
  { name: 'email in author', forms: ['agent.smith@example.net'], messages: [{ role: 'agent', text: 'Hello', author: 'agent.smith@example.net' }] },
  // Card numbers with dots, no-break spaces, full-width and other Unicode digits.
  { name: 'card with dots', forms: ['4111.1111.1111.1111', '4111111111111111'], messages: [{ role: 'customer', text: 'card 4111.1111.1111.1111 please' }] },
  { name: 'card with no-break spaces', forms: [nbsp('5500 0000 0000 0004'), '5500000000000004'], messages: [{ role: 'customer', text: `it is ${nbsp('5500 0000 0000 0004')}` }] },
  { name: 'card with narrow no-break spaces', forms: ['6011\u202F1111\u202F1111\u202F1117', '6011111111111117'], messages: [{ role: 'customer', text: 'number 6011\u202F1111\u202F1111\u202F1117' }] },
  { name: 'card in full-width digits', forms: [fullWidth('5105 1051 0510 5100'), '5105105105105100'], messages: [{ role: 'customer', text: `card ${fullWidth('5105 1051 0510 5100')}` }] },
  { name: 'card in Arabic-Indic digits', forms: [arabicIndic('4000 0566 5566 5556'), '4000056655665556'], messages: [{ role: 'customer', text: `رقم البطاقة ${arabicIndic('4000 0566 5566 5556')}` }] },
  { name: 'card with en dashes', forms: ['3530–1113–3330–0000', '3530111333300000'], messages: [{ role: 'customer', text: 'card 3530–1113–3330–0000' }] },
  { name: 'card with zero-width spaces', forms: ['5200\u200B8282\u200B8282\u200B8210', '5200828282828210'], messages: [{ role: 'customer', text: 'card 5200\u200B8282\u200B8282\u200B8210' }] },
  // Bare 10-digit phone numbers.
  { name: 'bare 10-digit phone', forms: ['6175550123'], messages: [{ role: 'customer', text: 'you can get me at 6175550123 after 5' }] },
  { name: 'bare 10-digit phone, no phone word', forms: ['2125550199'], messages: [{ role: 'customer', text: '2125550199' }] },
  { name: 'bare 11-digit phone', forms: ['13105550188'], messages: [{ role: 'customer', text: 'try 13105550188' }] },
  // Emails spelled out.
  { name: 'email with dot/at words', forms: ['john dot doe at example dot com', 'john.doe@example.com'], messages: [{ role: 'customer', text: 'email me: john dot doe at example dot com' }] },
  { name: 'email with (at)(dot)', forms: ['mary(at)example(dot)org', 'mary@example.org'], messages: [{ role: 'customer', text: 'mary(at)example(dot)org' }] },
  { name: 'email with [at] [dot]', forms: ['bob [at] mail [dot] example [dot] net', 'bob@mail.example.net'], messages: [{ role: 'customer', text: 'write to bob [at] mail [dot] example [dot] net thanks' }] },
  { name: 'email with AT and a real dot', forms: ['sam AT example.io', 'sam@example.io'], messages: [{ role: 'customer', text: 'sam AT example.io' }] },
  { name: 'full-width @', forms: ['lee＠example.com', 'lee@example.com'], messages: [{ role: 'customer', text: 'lee＠example.com' }] },
  // Values split over two messages.
  { name: 'card split', forms: ['4222 2222', '2222 2'], messages: [{ role: 'customer', text: 'my card is 4222 2222' }, { role: 'customer', text: '2222 2' }] },
  { name: 'card split with dashes', forms: ['3782-822463', '-10005', '10005'], messages: [{ role: 'customer', text: 'amex 3782-822463' }, { role: 'customer', text: '10005' }] },
  { name: 'SSN split', forms: ['601-22', '4567'], messages: [{ role: 'customer', text: 'my ssn is 601-22' }, { role: 'customer', text: '4567' }] },
  { name: 'phone split', forms: ['(646) 555', '0142'], messages: [{ role: 'customer', text: 'call me on 646 555' }, { role: 'customer', text: '0142.' }] },
  // Plain values (regression: these were already redacted).
  { name: 'plain card', forms: ['378282246310005'], messages: [{ role: 'customer', text: 'amex 378282246310005' }] },
  { name: 'plain email', forms: ['m.rossi@example.org'], messages: [{ role: 'customer', text: 'I am m.rossi@example.org' }] },
  { name: 'email echoed in capitals', forms: ['pat.lee@example.com', 'PAT.LEE@EXAMPLE.COM'], messages: [{ role: 'customer', text: 'pat.lee@example.com' }, { role: 'agent', text: 'Sent to PAT.LEE@EXAMPLE.COM' }] },
  { name: 'IBAN', forms: ['GB82 WEST 1234 5698 7654 32'], messages: [{ role: 'customer', text: 'refund to GB82 WEST 1234 5698 7654 32' }] },
  { name: 'formatted phone', forms: ['(415) 555-0132', '4155550132'], messages: [{ role: 'customer', text: 'call (415) 555-0132' }] },
  { name: 'international phone', forms: ['+44 20 7946 0958'], messages: [{ role: 'customer', text: 'ring +44 20 7946 0958' }] },
  { name: 'phone echoed without country code', forms: ['+1 202 555 0173', '202 555 0173', '2025550173'], messages: [{ role: 'customer', text: 'phone +1 202 555 0173' }, { role: 'agent', text: 'calling 202 555 0173 now' }] },
  { name: 'IP address', forms: ['203.0.113.77'], messages: [{ role: 'customer', text: 'my router is 203.0.113.77' }] },
  { name: 'IPv6 address', forms: ['2001:db8::8a2e:370:7334'], messages: [{ role: 'customer', text: 'ip 2001:db8::8a2e:370:7334' }] },
  { name: 'metadata email', forms: ['vip.client@example.com'], messages: [{ role: 'customer', text: 'hi' }], metadata: { crm: { contact: 'vip.client@example.com' } } },
  { name: 'metadata card in a list', forms: ['6200 0000 0000 0005'], messages: [{ role: 'customer', text: 'hi' }], metadata: { notes: ['paid with 6200 0000 0000 0005'] } },
  { name: 'card echoed in another message with other grouping', forms: ['2223003122003222', '2223 0031 2200 3222'], messages: [{ role: 'customer', text: 'card 2223-0031-2200-3222' }, { role: 'agent', text: 'confirming 2223 0031 2200 3222' }] },
  { name: 'SSN echoed in an event', forms: ['457-55-5462'], messages: [{ role: 'customer', text: 'SSN: 457-55-5462' }, { role: 'system', text: 'note', event: 'id check 457-55-5462' }] },
  { name: 'email echoed spelled after given plainly', forms: ['kim.park@example.com', 'kim dot park at example dot com'], messages: [{ role: 'customer', text: 'kim.park@example.com' }, { role: 'agent', text: 'so that is kim dot park at example dot com?' }] },
];

function transcriptOf(p: Plant, i: number): Transcript {
  return {
    id: `pii-${i}`,
    channel: 'chat',
    started_at: '2026-11-02T09:00:00Z',
    customer_id: `c-${i}`,
    messages: p.messages,
    ...(p.metadata ? { metadata: p.metadata } : {}),
  };
}

/** The request body as the model reads it: JSON-decoded text, digits and spaces normalised. */
function wireText(raw: string): string {
  return normalizeForDetection(JSON.stringify(JSON.parse(raw))).text + '\n' + normalizeForDetection(raw).text;
}

function leaked(p: Plant, wire: string): string[] {
  const low = wire.toLowerCase();
  return p.forms.filter((f) => low.includes(f.toLowerCase()) || low.includes(normalizeForDetection(f).text.toLowerCase()));
}

describe('PII that reaches the model: none of the planted values', () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it(`${PLANTS.length} planting cases, ${PLANTS.reduce((n, p) => n + p.forms.length, 0)} forms: 0 reach the wire`, async () => {
    const judge = judgeFor(openaiHarness, server.baseURL);
    const rubric = miniRubric();
    const criteria = rubric.rubric.criteria.filter((c) => c.kind !== 'rule') as never[];
    const report: string[] = [];
    let planted = 0;
    let reached = 0;
    for (const [i, p] of PLANTS.entries()) {
      server.enqueue(chatCompletion(goodAnswer()));
      const before = server.requests.length;
      await judge.judge({ transcript: transcriptOf(p, i), transcriptHash: `h${i}`, rubric: rubric.rubric, rubricHash: rubric.hash, criteria });
      const wire = server.requests.slice(before).map((r) => wireText(r.rawBody)).join('\n');
      const leaks = leaked(p, wire);
      planted += p.forms.length;
      reached += leaks.length;
      if (leaks.length > 0) report.push(`${p.name}: ${leaks.join(', ')}`);
    }
    console.log(`PII to the wire: ${PLANTS.length} cases, ${planted} planted forms, ${reached} reached the wire${report.length ? `\n  ${report.join('\n  ')}` : ''}`);
    expect(report).toEqual([]);
    expect(reached).toBe(0);
  }, 120_000);

  it('does not redact ordinary numbers and words (order numbers, dates, prices, "look at this")', () => {
    const t = transcriptOf(
      {
        name: 'clean',
        forms: [],
        messages: [
          { role: 'customer', text: 'Order #123456 from 2026-11-02 cost $49.99; look at the box, it is at home.' },
          { role: 'agent', text: 'Ticket 55123 opened at 10:30. Version 2.4.1 fixes it. Meet at noon. The plan at brightwave.example is cheaper.' },
        ],
      },
      0,
    );
    const r = redactTranscript(t, ['card', 'iban', 'ssn', 'email', 'phone', 'ip']);
    expect(r.transcript.messages.map((m) => m.text)).toEqual(t.messages.map((m) => m.text));
  });

  it('keeps the redaction API: the same value gets the same placeholder everywhere, and restore maps it back', () => {
    const r = redactTranscript(transcriptOf(PLANTS[0]!, 0), ['ssn']);
    expect(r.transcript.messages.map((m) => m.text)).toEqual(['My SSN is <SSN_1>.', 'Thanks, I have noted <SSN_1>.']);
    expect(r.counts.ssn).toBe(2);
    expect(r.restore('noted <SSN_1>')).toBe('noted 536-22-1234');
    expect([...r.placeholders]).toEqual([['<SSN_1>', '536-22-1234']]);
  });
});
