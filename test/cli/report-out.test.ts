import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

describe('cxqa report --out', () => {
  const tmp = useTempDir();
  // One scored database for all three cases (useTempDir's folders are removed after each test).
  const dbDir = mkdtempSync(join(tmpdir(), 'cxqa-report-out-'));
  const db = join(dbDir, 'cxqa.db');
  afterAll(() => rmSync(dbDir, { recursive: true, force: true }));
  beforeAll(async () => {
    const r = await runCli(['score', '-i', 'samples/transcripts.jsonl', '-r', 'rubrics/support-qa.yaml', '--db', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('writes into a named pipe (or a device such as /dev/null) in place, never renaming a regular file over it', async () => {
    const dir = tmp();
    const fifo = pathIn(dir, 'page.fifo');
    const received = pathIn(dir, 'received.html');
    execFileSync('mkfifo', [fifo]);
    // A reader in another process, as a shell pipe would be: this process blocks while it writes the pipe.
    const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, received]);
    const done = new Promise<number | null>((res) => reader.on('exit', res));
    const r = await runCli(['report', '--db', db, '--out', fifo]);
    const stillPipe = lstatSync(fifo).isFIFO();
    if (!stillPipe) reader.kill(); // replaced by a regular file: the reader would wait for a writer for ever
    expect(stillPipe).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(''); // the path is printed only for a file: `--out /dev/stdout | jq` gets the JSON alone
    expect(await done).toBe(0);
    expect(readFileSync(received, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(readdirSync(dir).sort()).toEqual(['page.fifo', 'received.html']);
  });

  it('replaces a regular file whole, leaving no temporary file beside it', async () => {
    const dir = tmp();
    const out = pathIn(dir, 'report.json');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['report', '--db', db, '--format', 'json', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${out}\n`);
    }
    expect(lstatSync(out).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('kpis');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a directory or a folder that does not exist is a usage error naming the path, and nothing is written', async () => {
    const dir = tmp();
    const folder = pathIn(dir, 'reports');
    mkdirSync(folder);
    const intoDir = await runCli(['report', '--db', db, '--out', folder]);
    expect(intoDir.code).toBe(2);
    expect(intoDir.stderr).toContain(`cannot write ${folder}: it is a directory`);
    const missing = pathIn(pathIn(dir, 'no-such-folder'), 'report.html');
    const intoMissing = await runCli(['report', '--db', db, '--out', missing]);
    expect(intoMissing.code).toBe(2);
    expect(intoMissing.stderr).toContain(`cannot write ${missing}: its folder does not exist`);
    expect(existsSync(pathIn(dir, 'no-such-folder'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['reports']);
    expect(readdirSync(folder)).toEqual([]);
  });
});
