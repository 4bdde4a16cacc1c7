import { createReadStream } from 'node:fs';

/**
 * Counts the lines of a file in one streaming pass (no line strings built), for a progress total. Blank
 * lines are counted too, so the total can be slightly above the transcripts read. Chunks are large (4 MiB):
 * beside a busy run the stream advances about one chunk per event-loop turn, so small chunks would finish
 * counting only when the run itself finishes.
 */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(0x0a);
    while (at !== -1) {
      lines += 1;
      at = chunk.indexOf(0x0a, at + 1);
    }
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 0x0a ? lines : lines + 1;
}
