import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redactSecrets } from '../../src/judge/llm/redact-secrets.js';
import { terminalSafe, terminalSafeLine } from '../../src/report/terminal-safe.js';
import { anthropicError } from '../helpers/fake-anthropic-server.js';
import { openAIError } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';
import type { ScriptedResponse, ScriptedServer } from '../helpers/scripted-http-server.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';
import { makeTranscript, say } from '../helpers/transcripts.js';
import { HARNESSES, MINI_RUBRIC_YAML, orderTranscript, type ProviderHarness } from '../judge/llm/llm-fixtures.js';
import { everythingStoredIn } from '../helpers/database-contents.js';

/** A key not shaped like `sk-…`, so only knowing its value can redact it. */
const KEY = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8';

/** An error whose message puts the key right across the 500-character cut (and once more, whole, later). */
function echoNearTheCut(h: ProviderHarness, pad: number): ScriptedResponse {
  const message = (auth: string) => `${'x'.repeat(pad)} credentials ${auth} rejected; again: ${auth}`;
  return h.provider === 'openai'
    ? openAIError(401, (req) => ({ message: message(String(req.headers['authorization']).replace(/^Bearer /, '')), type: 'invalid_request_error', code: 'invalid_api_key' }))
    : anthropicError(401, 'authentication_error', (req) => message(String(req.headers['x-api-key'] ?? req.headers['authorization']).replace(/^Bearer /, '')));
}

describe('keys cut short by the 500-character limit are still redacted', () => {
  it('redacts any run of 8+ of the key\'s first characters, wherever it is', () => {
    expect(redactSecrets(`cut: ${KEY.slice(0, 11)}…`, [KEY])).toBe('cut: [REDACTED]…');
    expect(redactSecrets(`${KEY.slice(0, 8)} and ${KEY}`, [KEY])).toBe('[REDACTED] and [REDACTED]');
    expect(redactSecrets(`short ${KEY.slice(0, 7)} stays`, [KEY])).toBe(`short ${KEY.slice(0, 7)} stays`);
  });

  describe.each(HARNESSES)('$provider, over the wire', (h) => {
    let server: ScriptedServer & { baseURL: string };
    const tmp = useTempDir();
    beforeEach(async () => {
      server = await h.start();
      vi.stubEnv('OPENAI_BASE_URL', undefined);
      vi.stubEnv('ANTHROPIC_BASE_URL', undefined);
      vi.stubEnv('ANTHROPIC_AUTH_TOKEN', undefined);
      vi.stubEnv(h.keyVar, KEY);
    });
    afterEach(async () => {
      vi.unstubAllEnvs();
      await server.close();
    });

    it('an echoed key at every offset around the cut: no 8-character fragment stored or printed', async () => {
      const dir = tmp();
      const input = pathIn(dir, 'in.jsonl');
      const rubric = pathIn(dir, 'r.yaml');
      const db = pathIn(dir, 'cxqa.db');
      const offsets = [380, 400, 420, 440, 460, 470, 478, 482, 486, 490, 495];
      writeFileSync(input, offsets.map(() => JSON.stringify(orderTranscript())).join('\n'));
      writeFileSync(rubric, MINI_RUBRIC_YAML);
      for (const pad of offsets) server.enqueue(echoNearTheCut(h, pad));
      const res = await runCli(['score', '-i', input, '-r', rubric, '--judge', h.spec, '--base-url', server.baseURL, '--db', db, '--max-retries', '0', '--concurrency', '1', '--quiet']);
      expect(res.code).toBe(3);
      const stored = everythingStoredIn(db);
      expect(stored).toContain('PROVIDER_401');
      expect(stored + res.stdout + res.stderr).not.toContain(KEY.slice(0, 8));
      expect(stored).toContain('[REDACTED]'); // some offsets put the whole key before the cut
    }, 60_000);
  });
});

describe('terminal escapes in ids and text are shown, not obeyed', () => {
  const tmp = useTempDir();
  const ESC = '\u001b';

  it('escapes control characters, keeping line breaks only where asked', () => {
    expect(terminalSafe(`a${ESC}[2Jb\nc\r`)).toBe('a\\x1B[2Jb\nc\\x0D');
    expect(terminalSafeLine(`id\nfake line\u009b`)).toBe('id\\x0Afake line\\x9B');
    expect(terminalSafe('ok ünïcode → ✓')).toBe('ok ünïcode → ✓');
  });

  it('score (table and error lines), audit and outcomes print no raw escape sequence', async () => {
    const dir = tmp();
    const input = pathIn(dir, 'in.jsonl');
    const db = pathIn(dir, 'cxqa.db');
    const evilId = `t-${ESC}[2J${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`;
    const t = makeTranscript(
      [say('customer', `my parcel ${ESC}[31mRED${ESC}[0m is late\r\nfake: line`), say('bot', 'This chat may be recorded. It arrives Friday.'), say('customer', 'thanks')],
      { id: evilId, agent_id: `agent-${ESC}[1mX` },
    );
    writeFileSync(input, [JSON.stringify(t), JSON.stringify({ ...t, customer_id: 'other' }), `{"id":"${'\\u001b'}[2J", "bad": true}`].join('\n'));
    const score = await runCli(['score', '-i', input, '-r', 'rubrics/support-qa.yaml', '--db', db, '--quiet']);
    expect(score.code).toBe(3);
    expect(score.stderr).toContain('duplicate transcript id');
    const audit = await runCli(['audit', evilId, '--db', db]);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('\\x1B[2J');
    const outcomes = await runCli(['outcomes', '--db', db]);
    for (const out of [score.stdout, score.stderr, audit.stdout, audit.stderr, outcomes.stdout, outcomes.stderr]) {
      expect(out).not.toContain(ESC);
      expect(out).not.toContain('\r');
    }
  }, 60_000);
});
