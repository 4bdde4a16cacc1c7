import type { Readable } from 'node:stream';
import { parseTranscriptValue, readTranscripts, rejectDuplicateIds, type ReadLimits, type TranscriptLine } from './read-jsonl.js';

/**
 * Where a run's transcripts come from: a JSONL path (`-` for stdin), a stream of JSONL text, or transcripts
 * already parsed (e.g. the items of an eval set), which are checked as if they were lines 1, 2, … of a file.
 */
export type TranscriptSource = string | Readable | AsyncIterable<unknown>;

/** The name of a source in messages: the path, `<stdin>`, or `name` for a stream or parsed transcripts. */
export function sourceLabel(source: TranscriptSource, name?: string): string {
  return typeof source === 'string' ? source : (name ?? '<stream>');
}

/**
 * The lines of any {@link TranscriptSource}, with the same checks and errors: JSONL text through
 * {@link readTranscripts}; parsed values through the nesting limit, the transcript schema and the duplicate-id
 * check, so a bad value is an error naming its position and field, never a crash.
 */
export function transcriptLines(source: TranscriptSource, name?: string, limits: ReadLimits = {}): AsyncGenerator<TranscriptLine> {
  if (typeof source === 'string' || isStream(source)) return readTranscripts(source, name, limits);
  const file = name ?? '<transcripts>';
  async function* values(): AsyncGenerator<TranscriptLine> {
    let line = 0;
    for await (const value of source as AsyncIterable<unknown>) {
      line += 1;
      yield parseTranscriptValue(value, file, line, limits);
    }
  }
  return rejectDuplicateIds(values(), file);
}

function isStream(source: TranscriptSource): source is Readable {
  return typeof (source as Readable).pipe === 'function';
}
