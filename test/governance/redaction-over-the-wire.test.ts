import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportRecords } from '../../src/report/export-records.js';
import { openDatabase } from '../../src/store/open-database.js';
import { runCli } from '../helpers/run-cli.js';
import type { ScriptedServer } from '../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { FAKE_KEY, HARNESSES, MINI_RUBRIC_YAML } from '../judge/llm/llm-fixtures.js';

/** Planted personal data, in the spellings a transcript would carry them. */
const PLANTED = {
  card: ['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005'],
  iban: ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000'],
  ssn: ['123-45-6789'],
  email: ['jane.doe@example.com', 'm.rossi@example.org'],
  phone: ['+44 20 7946 0958', '(415) 555-0132'],
};

function plantedTranscript() {
  return {
    id: 'pii-1',
    channel: 'chat',
    started_at: '2026-11-02T09:00:00Z',
    customer_id: 'c-pii',
    messages: [
      { role: 'customer', text: `Hi, I'm jane.doe@example.com, card ${PLANTED.card[0]} was charged twice. Call me on ${PLANTED.phone[0]}.` },
      { role: 'agent', text: `Hello! Sorry about that. I see cards ${PLANTED.card[1]} and ${PLANTED.card[2]} on the account.` },
      { role: 'customer', text: `Refund to ${PLANTED.iban[0]} please, or ${PLANTED.iban[1]}. My SSN is ${PLANTED.ssn[0]} if you need it.` },
      { role: 'agent', text: `Done. I also emailed m.rossi@example.org and your colleague at ${PLANTED.phone[1]}. Write to jane.doe@example.com if needed.` },
      { role: 'customer', text: 'Thanks, that is great!' },
    ],
  };
}

/** Digits only, so "4111-1111…" and "4111 1111…" both count as the same leak. */
const digits = (s: string) => s.replace(/\D/g, '');

describe.each(HARNESSES)('PII redaction before $provider calls', (h) => {
  let server: ScriptedServer & { baseURL: string };
  const tempDir = useTempDir();

  beforeEach(async () => {
    server = await h.start();
    vi.stubEnv(h.keyVar, FAKE_KEY);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  async function run(rubricYaml: string) {
    const input = pathIn(tempDir(), 'in.jsonl');
    const rubric = pathIn(tempDir(), 'rubric.yaml');
    const db = pathIn(tempDir(), 'cxqa.db');
    writeFileSync(input, `${JSON.stringify(plantedTranscript())}\n`);
    writeFileSync(rubric, rubricYaml);
    // The model quotes a placeholder back: cxqa must restore the original text in the stored evidence.
    server.enqueue(
      h.answer({
        verdicts: {
          tone: { rationale: 'Polite.', value: 4, evidence: [{ message: 3, quote: 'Write to <EMAIL_1> if needed.' }] },
          policy: { rationale: 'Shared other data.', value: 'fail', evidence: [{ message: 1, quote: 'I see cards <CARD_2> and <CARD_3>' }] },
          resolution: { rationale: 'Thanked.', value: 'resolved', evidence: [] },
          handoff: { rationale: 'No hand-off.', value: null, na: true, evidence: [] },
        },
      }),
    );
    const res = await runCli(['score', '-i', input, '-r', rubric, '--judge', h.spec, '--base-url', server.baseURL, '--db', db, '--no-cache']);
    return { res, db };
  }

  it('never sends a planted card, IBAN, SSN, email or phone number to the provider (on by default)', async () => {
    const { res, db } = await run(MINI_RUBRIC_YAML);
    expect(res.code).toBe(0);
    expect(server.requests).toHaveLength(1);
    const sent = JSON.stringify(server.requests[0]!.body);
    const sentDigits = digits(sent);
    for (const values of Object.values(PLANTED)) {
      for (const value of values) {
        if (value.includes('@')) expect(sent).not.toContain(value);
        else expect(sentDigits).not.toContain(digits(value));
      }
    }
    // Placeholders are consistent: the same address is the same placeholder every time.
    const user = h.user(server.requests[0]!);
    expect(user.match(/<EMAIL_1>/g)?.length).toBe(2);
    expect(user).toContain('<CARD_3>');
    // Evidence is mapped back to the original text and verifies against it; it is then stored redacted like the
    // stored body (test/hostile/pii-at-rest.test.ts), so the export shows placeholders.
    const store = openDatabase(db);
    const [record] = [...exportRecords(store, [...store.prepare('SELECT id FROM runs').all()].map((r) => (r as { id: string }).id)[0]!)];
    store.close();
    expect(record!.criteria['tone']!.evidence).toEqual([{ message: 3, quote: 'Write to <EMAIL_1> if needed.', verified: true }]);
    expect(record!.criteria['policy']!.evidence[0]).toMatchObject({ quote: expect.stringMatching(/^I see cards <CARD_\d> and <CARD_\d>$/), verified: true });
    // The audit trail names the model and the prompt template version that judged it.
    const audit = await runCli(['audit', 'pii-1', '--db', db, '--json']);
    expect(audit.code).toBe(0);
    const history = JSON.parse(audit.stdout) as { evaluations: { judge: { model: string; prompt_template_hash: string } }[] };
    expect(history.evaluations[0]!.judge.model).toBe(h.spec.split(':')[1]);
    expect(history.evaluations[0]!.judge.prompt_template_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the text as it is when the rubric sets redact: []', async () => {
    const { res } = await run(`redact: []\n${MINI_RUBRIC_YAML}`);
    expect(res.code).toBe(0);
    expect(JSON.stringify(server.requests[0]!.body)).toContain('jane.doe@example.com');
  });
});
