import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

/**
 * Bundles the CLI (src/cli/bin.ts) into one ESM file under node_modules/.cache with esbuild (well under a
 * second; packages stay external and resolve from this repository's node_modules), so tests can run the
 * real CLI as a child process — to SIGKILL or SIGINT it — without a `tsc` build. Returns the file's path.
 */
export async function bundleCli(): Promise<string> {
  const dir = join(root, 'node_modules', '.cache', 'cxqa-test-cli');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `bin-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [join(root, 'src/cli/bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | NodeJS.Signals>;
}

/** Starts the bundled CLI with `args` in `cwd`, collecting its output. */
export function spawnCli(bundle: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliChild {
  const child = spawn(process.execPath, [bundle, ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | NodeJS.Signals>((resolveExit) => child.on('close', (code, signal) => resolveExit(code ?? signal ?? -1)));
  return { child, stdout: () => out, stderr: () => err, exited };
}
