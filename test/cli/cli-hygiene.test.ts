import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CxqaError, InternalError, UsageError } from '../../src/error/cxqa-error.js';
import { EXIT_CATEGORY } from '../../src/cli/exit-category.js';
import { buildProgram, exitCodeFor } from '../../src/cli/main.js';
import { toCsvRows } from '../../src/report/export-format.js';
import { BatchError } from '../../src/run/batch/batch-error.js';
import { DatabaseLockedError } from '../../src/store/writer-lock.js';
import { bundleCli } from '../helpers/cli-bundle.js';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

/** Runs `fn` with stderr captured. */
function captureStderr<T>(fn: () => T): { value: T; stderr: string } {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: fn(), stderr };
  } finally {
    process.stderr.write = write;
  }
}

let bundle: string;
beforeAll(async () => {
  bundle = await bundleCli();
});
afterAll(() => rmSync(bundle, { force: true }));

describe('command-line hygiene', () => {
  const tmp = useTempDir();

  it('writing into a closed pipe (`cxqa export ... | head -1`) ends quietly with exit 0', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    expect((await runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', 'rubrics/support-qa.yaml', '--db', db, '--quiet'])).code).toBe(0);
    for (const format of ['jsonl', 'csv']) {
      const child = spawn(process.execPath, [bundle, 'export', '--db', db, '--format', format], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader is gone before the first line is written
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });

  it('an unexpected internal error is exit 70 in one line; the stack only with --debug', () => {
    const plain = captureStderr(() => exitCodeFor(new TypeError("Cannot read properties of undefined (reading 'id')")));
    expect(plain.value).toBe(70);
    expect(plain.stderr).toBe(
      "cxqa: error: internal error: Cannot read properties of undefined (reading 'id') (a bug in cxqa; run again with --debug for the stack)\n",
    );
    const debug = captureStderr(() => exitCodeFor(new TypeError('boom'), true));
    expect(debug.value).toBe(70);
    expect(debug.stderr).toMatch(/^cxqa: error: internal error: TypeError: boom\n\s+at /);
    expect(captureStderr(() => exitCodeFor(new InternalError('PROMPT_MISSING', 'cannot read prompt template x'))).value).toBe(70);
  });

  it('one table maps error codes to exit categories (2 usage, 3 partial, 4 locked, 70 internal)', () => {
    const code = (err: unknown) => captureStderr(() => exitCodeFor(err)).value;
    expect(code(new UsageError('bad flag', 'PERIOD_EMPTY'))).toBe(2);
    expect(code(new BatchError('BATCH_JUDGE_UNSUPPORTED', 'needs openai:'))).toBe(2);
    expect(code(new BatchError('BATCH_SUBMIT_FAILED', 'provider refused'))).toBe(3);
    expect(code(new BatchError('BATCH_POLL_FAILED', 'poll failed'))).toBe(3);
    expect(code(new DatabaseLockedError('x.db', { name: 'writer', pid: 1, host: 'h', command: 'score', run_id: null, acquired_at: 't' }))).toBe(4);
    expect(code(new CxqaError('SOME_FUTURE_CODE', 'x'))).toBe(2); // not in the table yet: a usage error, as before
    expect(new Set(Object.values(EXIT_CATEGORY))).toEqual(new Set(['usage', 'partial', 'locked', 'internal']));
  });

  it('reading commands never create a database: exit 2 "no database at ..."', async () => {
    const dir = tmp();
    const typo = pathIn(dir, 'typo.db');
    for (const args of [
      ['batch', 'status', '--db', typo],
      ['batch', 'collect', '--db', typo],
      ['export', '--db', typo, '--format', 'jsonl'],
      ['outcomes', '--db', typo],
      ['violations', '--db', typo, '--format', 'csv'],
      ['audit', 't-1', '--db', typo],
      ['review', 'decide', 't-1', 'tone', '3', '--reviewer', 'ana', '--db', typo],
      ['eval', 'build', '--from-reviews', '--db', typo],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`cxqa: error: no database at ${typo} (check --db; this command never creates one)\n`);
      expect(existsSync(typo)).toBe(false);
    }
  });

  it('every error line starts the same way: "cxqa: error: "', async () => {
    const unknownOption = await runCli(['export', '--db', 'x.db', '--format', 'jsonl', '--frmo', '2026-11-01']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr.split('\n')[0]).toMatch(/^cxqa: error: unknown option '--frmo'/);
    const rubric = await runCli(['rubric', 'check', 'nope.yaml']);
    expect(rubric.code).toBe(2);
    expect(rubric.stderr).toMatch(/^cxqa: error: nope\.yaml: file not found\n$/);
    const bad = await runCli(['outcomes', '--db', 'x.db', '--window-hours', '0']);
    expect(bad.stderr).toMatch(/^cxqa: error: option '--window-hours <n>' argument '0' is invalid/);
  });

  it("every command's --help lists its exit codes", async () => {
    const leaves: string[][] = [];
    const walk = (cmd: Command, path: string[]) => {
      if (cmd.commands.length === 0) leaves.push(path);
      for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
    };
    walk(await buildProgram(), []);
    expect(leaves.length).toBeGreaterThan(12);
    for (const path of leaves) {
      const r = await runCli([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout, path.join(' ')).toMatch(/Exit codes: 0 /);
    }
    expect((await runCli(['--help'])).stdout).toContain('70 internal error');
  });

  it('--rejudge judges stored work again; --no-cache help says what it does and does not do', async () => {
    const db = pathIn(tmp(), 'cxqa.db');
    const score = async (...extra: string[]) => {
      const r = await runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', 'rubrics/support-qa.yaml', '--db', db, '--json', '--quiet', ...extra]);
      return JSON.parse(r.stdout) as { run_id: string; transcripts: { scored: number; reused: number } };
    };
    await score();
    expect((await score()).transcripts.reused).toBe(48);
    expect((await score('--no-cache')).transcripts.reused).toBe(48); // the cache is not the store
    const fresh = await score('--rejudge');
    expect(fresh.transcripts).toMatchObject({ scored: 48, reused: 0 });
    const exported = (await runCli(['export', '--db', db, '--format', 'jsonl', '--run', fresh.run_id])).stdout.trim().split('\n');
    expect(exported.every((l) => (JSON.parse(l) as { evaluated_in_run: string }).evaluated_in_run === fresh.run_id)).toBe(true);
    const help = (await runCli(['score', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--no-cache do not read or write the judge cache (model answers stored by judge, prompt, rubric and transcript); transcripts already scored in this database are still reused — use --rejudge to judge them again');
    expect(help).toContain('--rejudge judge again transcripts this database already holds as scored');
    // --rejudge with --mode batch: test/run/batch/batch-rejudge.test.ts.
  });

  it('CSV marks unverified evidence as JSON does', () => {
    const csv = toCsvRows({
      transcript_id: 't',
      run_id: 'r',
      evaluated_in_run: 'r',
      status: 'scored',
      qa_score: 50,
      auto_fail: false,
      judge: 'j',
      criteria: {
        tone: { value: 3, na: false, rationale: 'x', judge: 'j', error: null, evidence: [{ message: 1, quote: 'said', verified: true }, { message: 2, quote: 'never said', verified: false }] },
      },
    });
    expect(csv).toContain('#1 ""said""; #2 ""never said"" [unverified]');
  });
});
