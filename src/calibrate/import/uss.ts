import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Message } from '../../transcript/schema.js';
import type { EvalItem } from '../eval-set/schema.js';
import { ImportError } from './import-error.js';
import { IMPORT_CHANNEL, PLACEHOLDER_STARTED_AT, type ImportEvent } from './import-event.js';
import { parseUssLine, type UssLine } from './uss-line.js';

/** Options of {@link importUss}. */
export interface UssImportOptions {
  /** File name used in error messages; its base name goes to `metadata.source.file`. */
  file: string;
  /** Sub-corpus name used in ids: `uss-<corpusName>-0001`. E.g. `sgd`, `mwoz`. */
  corpusName: string;
}

/** Prefix of USS rater names: the k-th rating of a line (1-based) belongs to rater `uss-a<k>`. */
export const USS_RATER_PREFIX = 'uss-a';

/**
 * Streams a USS (User Satisfaction Simulation, Sun et al. SIGIR 2021) dialogue file and yields one eval
 * item per dialogue, in file order. A blank line ends a dialogue; its last line must be
 * `USER \t OVERALL \t <act> \t r1,r2,...` whose k-th rating becomes rater `uss-a<k>`'s `auto_csat`.
 * USER → `customer`, SYSTEM → `bot`. Per-exchange ratings go to `metadata.exchange_ratings`.
 * A malformed line skips its whole dialogue (one `skipped` event naming file, line and field).
 *
 * Rater positions: the corpus has no annotator ids. Within a dialogue every USER line carries the same
 * number of ratings, so position k is taken to be the same annotator across that dialogue, but `uss-a1`
 * of one dialogue and `uss-a1` of another are NOT the same person (40 annotators, randomly assigned).
 */
export async function* importUss(input: string | Readable, opts: UssImportOptions): AsyncGenerator<ImportEvent> {
  const stream = typeof input === 'string' ? (input === '-' ? process.stdin : createReadStream(input, { encoding: 'utf8' })) : input;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let dialogueIndex = 0;
  let block: { line: number; text: string }[] = [];
  try {
    for await (const raw of lines) {
      lineNo += 1;
      const text = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() !== '') {
        block.push({ line: lineNo, text });
        continue;
      }
      if (block.length === 0) continue;
      dialogueIndex += 1;
      yield* ussDialogue(block, dialogueIndex, opts);
      block = [];
    }
    if (block.length > 0) {
      dialogueIndex += 1;
      yield* ussDialogue(block, dialogueIndex, opts);
    }
  } finally {
    lines.close();
    if (stream !== process.stdin) stream.destroy();
  }
}

/** The id of the `index`-th (1-based) dialogue of a USS sub-corpus: `uss-sgd-0001`. */
export function ussItemId(corpusName: string, index: number): string {
  return `uss-${corpusName}-${String(index).padStart(4, '0')}`;
}

function* ussDialogue(block: readonly { line: number; text: string }[], index: number, opts: UssImportOptions): Generator<ImportEvent> {
  let parsed: UssLine[];
  try {
    parsed = block.map((l) => parseUssLine(l.text, opts.file, l.line));
  } catch (err) {
    if (err instanceof ImportError) {
      yield { kind: 'skipped', error: err };
      return;
    }
    throw err;
  }
  const result = buildUssItem(parsed, index, opts);
  if (result instanceof ImportError) {
    yield { kind: 'skipped', error: result };
    return;
  }
  const { item, mismatchLine } = result;
  if (mismatchLine !== undefined) {
    yield {
      kind: 'notice',
      message: `${opts.file}:${mismatchLine}: ${item.id}: an exchange has a different number of ratings than OVERALL (${item.human_labels.length}); rater positions may not line up`,
    };
  }
  yield { kind: 'item', item };
}

/** Builds the eval item of one parsed dialogue, or the error that rules it out. */
export function buildUssItem(
  parsed: readonly UssLine[],
  index: number,
  opts: UssImportOptions,
): { item: EvalItem; mismatchLine: number | undefined } | ImportError {
  const first = parsed[0]!;
  const last = parsed[parsed.length - 1]!;
  const early = parsed.slice(0, -1).find((l) => l.overall);
  if (early) return new ImportError('USS_OVERALL', opts.file, early.line, 'text', 'OVERALL must be the last line of a dialogue (no blank line after it?)');
  if (!last.overall) return new ImportError('USS_OVERALL', opts.file, last.line, 'text', 'dialogue does not end with a USER \\t OVERALL line');
  if (!last.ratings) return new ImportError('USS_OVERALL', opts.file, last.line, 'ratings', 'the OVERALL line has no ratings');
  const turns = parsed.slice(0, -1);
  if (turns.length === 0) return new ImportError('USS_EMPTY_DIALOGUE', opts.file, last.line, 'text', 'dialogue has an OVERALL line but no turns');

  const id = ussItemId(opts.corpusName, index);
  const messages: Message[] = turns.map((t) => ({ role: t.role === 'USER' ? 'customer' : 'bot', text: t.text }));
  const exchangeRatings = turns.flatMap((t, i) => (t.ratings ? [{ message: i, ratings: t.ratings }] : []));
  const acts = turns.some((t) => t.act !== undefined) ? turns.map((t) => t.act ?? null) : undefined;
  const raters = last.ratings.length;
  const mismatch = turns.find((t) => t.ratings !== undefined && t.ratings.length !== raters);
  const item: EvalItem = {
    id,
    channel: IMPORT_CHANNEL,
    started_at: PLACEHOLDER_STARTED_AT,
    customer_id: id,
    metadata: {
      source: { corpus: 'uss', subset: opts.corpusName, file: basename(opts.file), dialogue: index, first_line: first.line, last_line: last.line },
      exchange_ratings: exchangeRatings,
      ...(acts ? { acts } : {}),
      ...(last.act ? { overall_act: last.act } : {}),
    },
    messages,
    human_labels: last.ratings.map((r, k) => ({ rater: `${USS_RATER_PREFIX}${k + 1}`, labels: { auto_csat: r } })),
  };
  return { item, mismatchLine: mismatch?.line };
}
