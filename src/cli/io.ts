import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { terminalSafe } from '../report/terminal-safe.js';

/** Writes to a file, or to stdout when no file is given; waits for the data to be flushed on close. */
export class OutputSink {
  private readonly stream: NodeJS.WritableStream;
  private readonly file: WriteStream | undefined;

  constructor(path?: string) {
    this.file = path ? createWriteStream(path, { encoding: 'utf8' }) : undefined;
    this.stream = this.file ?? process.stdout;
  }

  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.file) {
      this.file.end();
      await once(this.file, 'finish');
    }
  }
}

/**
 * A line on stderr, prefixed so it is clear which program said it. Control characters (ANSI escapes from a
 * transcript id, a provider's message, …) are shown escaped, never sent to the terminal as they are.
 */
export function warn(message: string): void {
  process.stderr.write(`cxqa: ${terminalSafe(message)}\n`);
}

/** The prefix of every error line cxqa prints (its own errors and the command-line parser's). */
export const ERROR_PREFIX = 'cxqa: error: ';

/** An error line on stderr: `cxqa: error: <message>`, each line of a multi-line message prefixed. */
export function reportError(message: string): void {
  process.stderr.write(`${message.split('\n').map((l) => `${ERROR_PREFIX}${l.trimStart()}`).join('\n')}\n`);
}
