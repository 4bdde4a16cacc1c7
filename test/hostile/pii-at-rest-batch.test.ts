import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAIBatchServer, type FakeOpenAIBatchServer } from '../helpers/fake-openai-batch-server.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { FAKE_KEY, MINI_RUBRIC_YAML } from '../judge/llm/llm-fixtures.js';
import { CARD, IBAN, SSN, expectEvidenceHighlights, expectNoRawValues, filesOf, leakyAnswer, transcript, type Stored } from './pii-fixtures.js';

describe.each(['redacted', 'full', 'none'] as const)('score --mode batch with store.text: %s', (mode) => {
  const tmp = useTempDir();
  let server: FakeOpenAIBatchServer;
  beforeEach(async () => {
    server = await startFakeOpenAIBatchServer({ answer: leakyAnswer() });
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    vi.stubEnv('OPENAI_API_KEY', FAKE_KEY);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  it('stores the bodies as the submission said once collected, verifies evidence against the text as read, and drops the requests’ copies', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify(transcript('pii-1', '2026-11-02T09:00:00Z'))}\n${JSON.stringify(transcript('pii-2', '2026-11-03T09:00:00Z'))}\n`);
    const rubric = pathIn(dir, 'mini.yaml');
    writeFileSync(rubric, MINI_RUBRIC_YAML);
    const config = pathIn(dir, 'cxqa.config.yaml');
    writeFileSync(config, `store:\n  text: ${mode}\n`);
    const db = pathIn(dir, 'batch.db');
    const outputs: CliResult[] = [];
    const submitted = await runCli(['score', '-i', input, '-r', rubric, '--judge', 'openai:gpt-test', '--base-url', server.baseURL, '--db', db, '--config', config, '--mode', 'batch']);
    outputs.push(submitted);
    expect(submitted.code, submitted.stderr).toBe(0);
    // Until collected, each request keeps the transcript as read: collection verifies the quotes against it.
    expect(filesOf(db)).toContain(CARD);
    // Collected by a process with another config: the submission's store.text applies.
    const other = pathIn(dir, 'other.yaml');
    writeFileSync(other, `store:\n  text: ${mode === 'full' ? 'none' : 'full'}\n`);
    const collected = await runCli(['batch', 'collect', '--db', db, '--config', other, '--wait', '--poll-interval', '0.01']);
    outputs.push(collected);
    expect(collected.code, collected.stderr).toBe(0);

    const raw = new Database(db, { readonly: true });
    const bodies = raw.prepare('SELECT id, body_json FROM transcripts ORDER BY id').all() as { id: string; body_json: string | null }[];
    const tone = raw.prepare("SELECT rationale, evidence_json FROM criterion_results WHERE criterion_id = 'tone' ORDER BY rowid").all() as { rationale: string; evidence_json: string }[];
    const copies = raw.prepare("SELECT DISTINCT status, transcript_json FROM provider_batch_items").all();
    raw.close();
    expect(bodies.map((b) => b.id)).toEqual(['pii-1', 'pii-2']);
    expect(copies).toEqual([{ status: 'stored', transcript_json: 'null' }]);
    // Quotes verified against the original text, stored redacted in every mode (as in sync mode).
    expect(tone).toHaveLength(2);
    for (const row of tone) {
      expect(row.rationale).toBe('Polite; the agent read back card <CARD_1> and SSN <SSN_1> and promised to email <EMAIL_1>.');
      expect(JSON.parse(row.evidence_json)).toEqual([
        { message: 2, quote: 'I have noted card <CARD_1>; we will email <EMAIL_1> or call <PHONE_1>.', verified: true },
        { message: 1, quote: 'my IBAN is <IBAN_1>', verified: true },
      ]);
    }
    if (mode === 'full') {
      expect((JSON.parse(bodies[0]!.body_json!) as Stored).messages[1]!.text).toBe(transcript('x', '').messages[1]!.text);
      expect(filesOf(db)).toContain(CARD);
    } else {
      if (mode === 'none') expect(bodies.map((b) => b.body_json)).toEqual([null, null]);
      else {
        expect((JSON.parse(bodies[0]!.body_json!) as Stored).messages[1]!.text).toBe('My card <CARD_1> was charged twice. My SSN is <SSN_1> and my IBAN is <IBAN_1>.');
        expect(expectEvidenceHighlights(db)).toBeGreaterThan(0);
      }
      expectNoRawValues(`batch database files (${mode})`, filesOf(db));
    }
    for (const r of outputs) {
      expectNoRawValues('batch stdout', r.stdout);
      expectNoRawValues('batch stderr', r.stderr);
    }
    const verify = await runCli(['audit', 'verify', '--db', db]);
    expect(verify.code, verify.stdout).toBe(0);
  });
});

describe('a batch that closes without results (expired, cancelled, refused) under store.text: redacted', () => {
  const tmp = useTempDir();
  let server: FakeOpenAIBatchServer | undefined;
  beforeEach(() => {
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    vi.stubEnv('OPENAI_API_KEY', FAKE_KEY);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
  });

  it.each([
    ['expired', { lifecycle: ['in_progress', 'expired'], outcome: () => ({ kind: 'expired' as const }) }, 'expired'],
    ['cancelled', { lifecycle: ['in_progress', 'cancelled'], outcome: () => ({ kind: 'expired' as const }) }, 'canceled'],
    ['failed', { lifecycle: ['validating', 'failed'], errors: [{ code: 'invalid_json_line', message: 'not parseable', line: 1 }] }, 'failed'],
  ])('%s: the requests’ clear copies are emptied when the batch closes, and the next run submits the transcripts again', async (_state, script, itemStatus) => {
    server = await startFakeOpenAIBatchServer({ answer: leakyAnswer(), ...script });
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify(transcript('pii-1', '2026-11-02T09:00:00Z'))}\n`);
    const rubric = pathIn(dir, 'mini.yaml');
    writeFileSync(rubric, MINI_RUBRIC_YAML);
    const db = pathIn(dir, 'batch.db');
    const score = ['score', '-i', input, '-r', rubric, '--judge', 'openai:gpt-test', '--base-url', server.baseURL, '--db', db, '--mode', 'batch'];
    const submitted = await runCli(score);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(filesOf(db)).toContain(CARD);
    const collected = await runCli(['batch', 'collect', '--db', db, '--wait', '--poll-interval', '0.01']);
    expect(collected.code, collected.stdout + collected.stderr).toBe(3);

    const raw = new Database(db, { readonly: true });
    const copies = raw.prepare('SELECT DISTINCT status, transcript_json FROM provider_batch_items').all();
    const stored = raw.prepare('SELECT COUNT(*) AS n FROM evaluations').get() as { n: number };
    raw.close();
    expect(copies).toEqual([{ status: itemStatus, transcript_json: 'null' }]);
    expect(stored.n).toBe(0);
    expectNoRawValues('database files after the batch closed', filesOf(db));
    // Nothing was lost: the transcript was never stored, so the next run submits it again from its input.
    const again = await runCli(score);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('1 read · 0 already scored · 0 already in a batch · 0 stored without a call · 1 submitted in 1 batches');
  });
});
