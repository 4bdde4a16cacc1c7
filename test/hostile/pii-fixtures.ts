import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

/** What the personal-data-at-rest tests plant and look for: values, a transcript and an LLM answer that quote them, and checks. */

// Planted values: a Luhn-valid card, an IBAN with a valid check, an SSN, an email and a phone number.
export const CARD = '4111 1111 1111 1111';
export const IBAN = 'GB82 WEST 1234 5698 7654 32';
export const SSN = '536-22-1234';
export const EMAIL = 'jane.doe@example.com';
export const PHONE = '+1 415 555 0199';
/** Each value as written and in the compact forms a leak could take. */
export const RAW = [CARD, '4111111111111111', IBAN, 'GB82WEST12345698765432', SSN, '536221234', EMAIL, PHONE, '4155550199'];

export function transcript(id: string, startedAt: string) {
  return {
    id,
    channel: 'chat',
    started_at: startedAt,
    customer_id: `cust-${id}`,
    agent_id: 'agent-7',
    intent: 'billing',
    messages: [
      { role: 'agent', text: 'Hello, thanks for contacting us. How can I help?' },
      { role: 'customer', text: `My card ${CARD} was charged twice. My SSN is ${SSN} and my IBAN is ${IBAN}.` },
      { role: 'agent', text: `I am sorry about that. I have noted card ${CARD}; we will email ${EMAIL} or call ${PHONE}.` },
      { role: 'customer', text: 'Thanks, that is great!' },
    ],
  };
}

/** The LLM judge's answer: quotes the planted values as evidence and repeats them in its rationales. */
export function leakyAnswer() {
  return {
    verdicts: {
      tone: {
        rationale: `Polite; the agent read back card ${CARD} and SSN ${SSN} and promised to email ${EMAIL}.`,
        value: 4,
        evidence: [
          { message: 2, quote: `I have noted card ${CARD}; we will email ${EMAIL} or call ${PHONE}.` },
          { message: 1, quote: `my IBAN is ${IBAN}` },
        ],
      },
      policy: { rationale: `The agent repeated the full card number ${CARD} (IBAN ${IBAN}).`, value: 'fail', evidence: [{ message: 2, quote: `card ${CARD}` }] },
      resolution: { rationale: 'Customer thanked the agent.', value: 'resolved', evidence: [{ message: 3, quote: 'Thanks, that is great!' }] },
      handoff: { rationale: 'No hand-off happened.', value: null, na: true, evidence: [] },
    },
  };
}

/** Raw bytes of the database file and its WAL (and shared memory), as latin1 text. */
export function filesOf(dbPath: string): string {
  return ['', '-wal', '-shm'].map((s) => (existsSync(dbPath + s) ? readFileSync(dbPath + s).toString('latin1') : '')).join('\n');
}

export function expectNoRawValues(where: string, text: string): void {
  for (const raw of RAW) expect(text.includes(raw), `${raw} found in ${where}`).toBe(false);
}

export interface Stored {
  messages: { text: string }[];
}

/** What the report's highlighter does: each evidence quote, lower-cased and trimmed, is found in its stored message. */
export function expectEvidenceHighlights(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  let checked = 0;
  try {
    const rows = db
      .prepare(
        `SELECT t.body_json, cr.evidence_json FROM criterion_results cr JOIN evaluations e ON e.id = cr.evaluation_id
         JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash`,
      )
      .all() as { body_json: string; evidence_json: string }[];
    for (const row of rows) {
      const body = JSON.parse(row.body_json) as Stored;
      for (const e of JSON.parse(row.evidence_json) as { message: number; quote: string; verified?: boolean }[]) {
        if (e.verified === false) continue;
        expect(body.messages[e.message]!.text.toLowerCase(), `quote "${e.quote}"`).toContain(e.quote.trim().toLowerCase());
        checked += 1;
      }
    }
  } finally {
    db.close();
  }
  return checked;
}
