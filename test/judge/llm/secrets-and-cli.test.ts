import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import type { ScriptedServer } from '../../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../../helpers/temp-dir.js';
import { FAKE_KEY, HARNESSES, MINI_RUBRIC_YAML, goodAnswer, orderTranscript } from './llm-fixtures.js';
import { everythingStoredIn } from '../../helpers/database-contents.js';

describe.each(HARNESSES)('$provider judge from the CLI', (h) => {
  let server: ScriptedServer & { baseURL: string };
  const tempDir = useTempDir();
  let input: string;
  let rubricFile: string;
  let dbPath: string;

  beforeEach(async () => {
    server = await h.start();
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    vi.stubEnv('ANTHROPIC_BASE_URL', undefined);
    vi.stubEnv('OPENAI_API_KEY', undefined);
    vi.stubEnv('ANTHROPIC_API_KEY', undefined);
    vi.stubEnv('ANTHROPIC_AUTH_TOKEN', undefined);
    input = pathIn(tempDir(), 'in.jsonl');
    rubricFile = pathIn(tempDir(), 'rubric.yaml');
    dbPath = pathIn(tempDir(), 'cxqa.db');
    writeFileSync(input, `${JSON.stringify(orderTranscript())}\n${JSON.stringify(orderTranscript())}\n`);
    writeFileSync(rubricFile, MINI_RUBRIC_YAML);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  const score = (...extra: string[]) =>
    runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--base-url', server.baseURL, '--db', dbPath, '--concurrency', '1', ...extra]);

  it('scores with the key from the environment, and the key is stored nowhere', async () => {
    vi.stubEnv(h.keyVar, FAKE_KEY);
    server.enqueue(h.answer(goodAnswer()), h.answer(goodAnswer()));
    const res = await score('--timeout', '5', '--max-retries', '1', '--temperature', '0.2');
    expect(res.stderr).not.toMatch(/error|fail/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`judge ${h.spec}`);
    expect(res.stdout).toContain('unverified');
    expect(server.requests).toHaveLength(2);
    const auth = `${String(server.requests[0]!.headers['authorization'])} ${String(server.requests[0]!.headers['x-api-key'])}`;
    expect(auth).toContain(FAKE_KEY);
    expect(server.requests[0]!.body.temperature).toBe(0.2);
    expect(res.stdout + res.stderr).not.toContain(FAKE_KEY);
    expect(everythingStoredIn(dbPath)).not.toContain(FAKE_KEY);
  });

  it('redacts a key that a provider error echoes back, everywhere (exit 3)', async () => {
    vi.stubEnv(h.keyVar, FAKE_KEY);
    server.enqueue(h.echoAuthError(401), h.echoAuthError(401));
    const res = await score('--max-retries', '0');
    expect(res.code).toBe(3);
    expect(server.requests).toHaveLength(2);
    const stored = everythingStoredIn(dbPath);
    expect(stored).toContain('PROVIDER_401');
    expect(stored).toContain('[REDACTED]');
    expect(stored).not.toContain(FAKE_KEY);
    expect(res.stdout + res.stderr).not.toContain(FAKE_KEY);
    const db = new Database(dbPath, { readonly: true });
    const errors = db.prepare('SELECT error_message FROM criterion_results WHERE error_code IS NOT NULL').all() as { error_message: string }[];
    db.close();
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.error_message).not.toContain(FAKE_KEY);
      expect(e.error_message).not.toContain('SECRET');
    }
  });

  it('exits 2 before any request when the API key is missing', async () => {
    const res = await runCli(['score', '-i', input, '-r', rubricFile, '--judge', h.spec, '--db', dbPath, ...(h.provider === 'anthropic' ? ['--base-url', server.baseURL] : [])]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(h.keyVar);
    expect(server.requests).toHaveLength(0);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('rejects a bad --call-per, --timeout or --max-retries with exit 2', async () => {
    vi.stubEnv(h.keyVar, FAKE_KEY);
    expect((await score('--call-per', 'message')).code).toBe(2);
    expect((await score('--timeout', '0')).code).toBe(2);
    expect((await score('--max-retries', '-1')).code).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe('openai-compatible local server', () => {
  let server: ScriptedServer & { baseURL: string };
  const tempDir = useTempDir();
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server.close();
  });

  it('needs no OPENAI_API_KEY when a base URL is given (Ollama, vLLM, ...)', async () => {
    server = await HARNESSES[0]!.start();
    vi.stubEnv('OPENAI_API_KEY', undefined);
    vi.stubEnv('OPENAI_BASE_URL', undefined);
    const input = pathIn(tempDir(), 'in.jsonl');
    const rubricFile = pathIn(tempDir(), 'rubric.yaml');
    writeFileSync(input, `${JSON.stringify(orderTranscript())}\n`);
    // The rubric names the judge and its base URL; no flag needed.
    writeFileSync(rubricFile, `${MINI_RUBRIC_YAML}\njudge:\n  name: openai:llama3.1\n  base_url: ${server.baseURL}\n  max_output_tokens: 2000\n`);
    server.enqueue(HARNESSES[0]!.answer(goodAnswer()));
    const res = await runCli(['score', '-i', input, '-r', rubricFile, '--db', pathIn(tempDir(), 'db.sqlite')]);
    expect(res.code).toBe(0);
    expect(server.requests[0]!.body).toMatchObject({ model: 'llama3.1', max_tokens: 2000 });
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer cxqa-no-key');
  });
});
