import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAIServer, chatCompletion, type FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { FAKE_KEY, MINI_RUBRIC_YAML } from '../judge/llm/llm-fixtures.js';
import { migrations } from '../../src/store/migrations.js';
import { CARD, IBAN, SSN, expectEvidenceHighlights, expectNoRawValues, filesOf, leakyAnswer, transcript, type Stored } from './pii-fixtures.js';

describe('no raw personal data at rest by default', () => {
  const tmp = useTempDir();
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await startFakeOpenAIServer();
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    vi.stubEnv('OPENAI_API_KEY', FAKE_KEY);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  it('a card, IBAN, SSN, email and phone are nowhere in the database, its WAL, the exports, the report or the output, with the offline and an LLM judge', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify(transcript('pii-1', '2026-11-02T09:00:00Z'))}\n${JSON.stringify(transcript('pii-2', '2026-11-03T09:00:00Z'))}\n`);
    const miniRubric = pathIn(dir, 'mini.yaml');
    writeFileSync(miniRubric, MINI_RUBRIC_YAML);
    const outputs: { where: string; result: CliResult }[] = [];
    const cli = async (where: string, args: string[], code = 0) => {
      const result = await runCli(args);
      expect(result.code, `${where}: ${result.stderr}`).toBe(code);
      outputs.push({ where, result });
      return result;
    };

    for (const judge of ['offline', 'llm'] as const) {
      const db = pathIn(dir, `${judge}.db`);
      // A reader kept open the whole time: the WAL is not folded back and removed when the CLI closes the database.
      const reader = new Database(pathIn(dir, `${judge}.db`));
      reader.pragma('journal_mode = WAL');
      try {
        if (judge === 'offline') {
          await cli('score offline', ['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--quiet']);
        } else {
          server.enqueue(chatCompletion(leakyAnswer()), chatCompletion(leakyAnswer()));
          await cli('score llm', ['score', '-i', input, '-r', miniRubric, '--judge', 'openai:gpt-test', '--base-url', server.baseURL, '--db', db, '--concurrency', '1', '--quiet']);
          expect(server.requests).toHaveLength(2);
          // The judge's evidence was verified against the original text before it was redacted.
          const verified = reader.prepare("SELECT evidence_json FROM criterion_results WHERE criterion_id = 'tone'").all() as { evidence_json: string }[];
          for (const row of verified) expect((JSON.parse(row.evidence_json) as { verified: boolean }[]).every((e) => e.verified)).toBe(true);
        }
        await cli('export jsonl', ['export', '--db', db, '--format', 'jsonl']);
        await cli('export csv', ['export', '--db', db, '--format', 'csv']);
        await cli('violations', ['violations', '--db', db, '--format', 'csv']);
        await cli('violations jsonl', ['violations', '--db', db, '--format', 'jsonl']);
        await cli('audit', ['audit', 'pii-1', '--db', db]);
        await cli('audit json', ['audit', 'pii-1', '--db', db, '--json']);
        await cli('audit verify', ['audit', 'verify', '--db', db]);
        const html = pathIn(dir, `${judge}.html`);
        await cli('report', ['report', '--db', db, '--out', html, '--show-pii']);
        expectNoRawValues(`${judge} report`, readFileSync(html, 'utf8'));

        // What is stored instead: placeholders in the body, the same in the quotes, so the report still highlights them.
        const body = JSON.parse((reader.prepare("SELECT body_json FROM transcripts WHERE id = 'pii-1'").get() as { body_json: string }).body_json) as Stored;
        expect(body.messages[1]!.text).toBe('My card <CARD_1> was charged twice. My SSN is <SSN_1> and my IBAN is <IBAN_1>.');
        expect(body.messages[2]!.text).toBe('I am sorry about that. I have noted card <CARD_1>; we will email <EMAIL_1> or call <PHONE_1>.');
        // The stated reason in the facts table (the first customer message) is the redacted text too.
        const facts = reader.prepare("SELECT reason, customer_turns FROM transcript_facts WHERE transcript_id = 'pii-1'").get();
        expect(facts).toEqual({ reason: 'My card <CARD_1> was charged twice. My SSN is <SSN_1> and my IBAN is <IBAN_1>.', customer_turns: 2 });
        expect(expectEvidenceHighlights(db)).toBeGreaterThan(0);
        expectNoRawValues(`${judge} database files`, filesOf(db));
        expect(existsSync(`${db}-wal`)).toBe(true);
      } finally {
        reader.close();
      }
      expectNoRawValues(`${judge} database files after close`, filesOf(db));
    }
    // The LLM judge's quotes and rationales as stored.
    const llm = new Database(pathIn(dir, 'llm.db'), { readonly: true });
    const tone = llm.prepare("SELECT rationale, evidence_json FROM criterion_results WHERE criterion_id = 'tone' LIMIT 1").get() as { rationale: string; evidence_json: string };
    llm.close();
    expect(tone.rationale).toBe('Polite; the agent read back card <CARD_1> and SSN <SSN_1> and promised to email <EMAIL_1>.');
    expect(JSON.parse(tone.evidence_json)).toEqual([
      { message: 2, quote: 'I have noted card <CARD_1>; we will email <EMAIL_1> or call <PHONE_1>.', verified: true },
      { message: 1, quote: 'my IBAN is <IBAN_1>', verified: true },
    ]);
    for (const { where, result } of outputs) {
      expectNoRawValues(`${where} stdout`, result.stdout);
      expectNoRawValues(`${where} stderr`, result.stderr);
    }
    // The exports did say something (a test that cannot fail is a defect).
    expect(outputs.find((o) => o.where === 'export csv')!.result.stdout).toContain('<CARD_1>');
    expect(outputs.find((o) => o.where === 'violations')!.result.stdout).toContain('4111 **** **** 1111');
  });
});

describe('store.text: full, then cxqa purge', () => {
  const tmp = useTempDir();

  it('keeps the originals until purged; purge removes the bodies from the file and the WAL, keeps scores and findings, and audit verify passes', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify(transcript('old-1', '2026-10-01T09:00:00Z'))}\n${JSON.stringify({ ...transcript('new-1', '2026-11-20T09:00:00+02:00'), messages: [{ role: 'agent', text: 'Hello, how can I help?' }, { role: 'customer', text: 'All good, thanks!' }] })}\n`);
    const config = pathIn(dir, 'cxqa.config.yaml');
    writeFileSync(config, 'store:\n  text: full\n');
    const db = pathIn(dir, 'full.db');
    const scored = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--config', config, '--quiet', '--json']);
    expect(scored.code, scored.stderr).toBe(0);
    expect(filesOf(db)).toContain(CARD); // full: the body as it was read
    const before = (await runCli(['export', '--db', db, '--format', 'jsonl'])).stdout;
    const reasons = (path: string) => {
      const r = new Database(path, { readonly: true });
      try {
        return r.prepare('SELECT transcript_id, reason, customer_turns FROM transcript_facts ORDER BY transcript_id').all();
      } finally {
        r.close();
      }
    };
    // full: the stated reason is kept as the body is, in clear, until the purge.
    expect(reasons(db)).toEqual([
      { transcript_id: 'new-1', reason: 'All good, thanks!', customer_turns: 1 },
      { transcript_id: 'old-1', reason: `My card ${CARD} was charged twice. My SSN is ${SSN} and my IBAN is ${IBAN}.`, customer_turns: 2 },
    ]);

    const reader = new Database(db);
    try {
      const purged = await runCli(['purge', '--db', db, '--before', '2026-11-01', '--json']);
      expect(purged.code, purged.stderr).toBe(0);
      expect(JSON.parse(purged.stdout)).toMatchObject({ before: '2026-11-01T00:00:00.000Z', transcripts: 1 });
      // A reader was open: the WAL may not be emptied, but the text in it must be gone all the same.
      expectNoRawValues('database files after purge', filesOf(db));
    } finally {
      reader.close();
    }
    expectNoRawValues('database files after purge', filesOf(db));
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT id, body_json IS NULL AS purged, body_sha256 IS NOT NULL AS hashed FROM transcripts ORDER BY id').all()).toEqual([
      { id: 'new-1', purged: 0, hashed: 1 },
      { id: 'old-1', purged: 1, hashed: 1 },
    ]);
    expect(raw.prepare('SELECT before, transcripts FROM purges').all()).toEqual([{ before: '2026-11-01T00:00:00.000Z', transcripts: 1 }]);
    raw.close();
    // The purged conversation's facts stay but its stated reason (message text) is gone; the other's is kept.
    expect(reasons(db)).toEqual([
      { transcript_id: 'new-1', reason: 'All good, thanks!', customer_turns: 1 },
      { transcript_id: 'old-1', reason: null, customer_turns: 2 },
    ]);
    // Scores, verdicts and findings stay; history verifies.
    expect((await runCli(['export', '--db', db, '--format', 'jsonl'])).stdout).toBe(before);
    expect((await runCli(['violations', '--db', db, '--format', 'csv'])).stdout).toContain('old-1');
    const verify = await runCli(['audit', 'verify', '--db', db]);
    expect(verify.stdout, verify.stderr).toMatch(/^\d+ rows verified in /);
    expect(verify.code).toBe(0);
    const outcomes = await runCli(['outcomes', '--db', db, '--json']);
    expect(outcomes.code, outcomes.stderr).toBe(0);
    const report = await runCli(['report', '--db', db, '--out', pathIn(dir, 'r.html')]);
    expect(report.code, report.stderr).toBe(0);

    // A body removed by hand (not by a purge) is caught.
    const edit = new Database(db);
    edit.prepare("UPDATE transcripts SET body_json = NULL WHERE id = 'new-1'").run();
    expect(() => edit.prepare("UPDATE transcripts SET intent = 'x' WHERE id = 'new-1'").run()).toThrow(/append-only/);
    expect(() => edit.prepare('DELETE FROM transcripts').run()).toThrow(/append-only/);
    edit.close();
    const tampered = await runCli(['audit', 'verify', '--db', db]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('transcripts row 2');
  });

  it('store.text: none keeps no body; bad dates and a missing database are usage errors', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    writeFileSync(input, `${JSON.stringify(transcript('n-1', '2026-10-01T09:00:00Z'))}\n`);
    const config = pathIn(dir, 'cxqa.config.yaml');
    writeFileSync(config, 'store:\n  text: none\n');
    const db = pathIn(dir, 'none.db');
    expect((await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--config', config, '--quiet'])).code).toBe(0);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT body_json, body_sha256, content_hash IS NOT NULL AS has_hash FROM transcripts').all()).toEqual([{ body_json: null, body_sha256: null, has_hash: 1 }]);
    raw.close();
    expectNoRawValues('database files (none)', filesOf(db));
    expect((await runCli(['audit', 'verify', '--db', db])).code).toBe(0);

    const badDate = await runCli(['purge', '--db', db, '--before', 'last tuesday']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--before takes an ISO 8601 date');
    const missing = await runCli(['purge', '--db', pathIn(dir, 'typo.db'), '--before', '2026-01-01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no database at');
    expect(existsSync(pathIn(dir, 'typo.db'))).toBe(false);

    writeFileSync(config, 'store:\n  text: partial\n');
    const badConfig = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--judge', 'offline', '--db', db, '--config', config, '--quiet']);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('cxqa.config.yaml:2 (field store.text): store.text is one of redacted, full, none');
  });
});

describe('a database made by an earlier version', () => {
  const tmp = useTempDir();

  it('keeps its clear bodies through the migration (history is not rewritten) and cxqa purge removes them from the file', async () => {
    const path = pathIn(tmp(), 'v12.db');
    const old = new Database(path);
    for (const m of migrations.filter((x) => x.version < 13)) {
      old.exec(m.sql);
      m.upgrade?.(old);
    }
    old.pragma('user_version = 12');
    const t = transcript('legacy-1', '2026-09-01T09:00:00Z');
    old.prepare("INSERT INTO transcripts VALUES (?, 'ch1', 'chat', ?, 'c', NULL, NULL, 4, ?)").run(t.id, t.started_at, JSON.stringify(t));
    old.close();

    // Migrated on open: the body stays as it was (in clear), now hashed and chained.
    expect((await runCli(['audit', 'verify', '--db', path])).code).toBe(0);
    expect(filesOf(path)).toContain(CARD);
    const raw = new Database(path, { readonly: true });
    const row = raw.prepare('SELECT body_json, body_sha256, outline_json FROM transcripts').get() as { body_json: string; body_sha256: string; outline_json: string };
    raw.close();
    expect(JSON.parse(row.body_json)).toEqual(t);
    expect(row.body_sha256).toMatch(/^[0-9a-f]{64}$/);
    expectNoRawValues('the outline', row.outline_json);

    const purged = await runCli(['purge', '--db', path, '--before', '2100-01-01']);
    expect(purged.code, purged.stderr).toBe(0);
    expect(purged.stdout).toContain('purged 1 transcript bodies');
    // Gone from the file: the pages of the table the migration replaced were zeroed too (secure_delete).
    expectNoRawValues('the migrated database after purge', filesOf(path));
    expect((await runCli(['audit', 'verify', '--db', path])).code).toBe(0);
  });
});
