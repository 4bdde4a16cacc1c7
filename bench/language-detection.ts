/**
 * `node dist/bench/language-detection.js` (after `npm run build`): how often the offline judge's language
 * check calls an English conversation non-English, on the English public corpora in ../shared/data (USS SGD,
 * MWOZ, ReDial, CCPE; AB-ReDial) and on the bundled samples. A measurement, not a test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importAbRedial } from '../src/calibrate/import/ab-redial.js';
import type { ImportEvent } from '../src/calibrate/import/import-event.js';
import { importUss } from '../src/calibrate/import/uss.js';
import { detectLanguage } from '../src/judge/offline/language.js';
import type { Transcript } from '../src/transcript/schema.js';

const DATA = resolve(process.env.CXQA_SHARED_DATA ?? '../shared/data');

const corpora: Array<{ name: string; file: string; load: (file: string) => AsyncGenerator<ImportEvent> }> = [
  ...['SGD', 'MWOZ', 'ReDial', 'CCPE'].map((c) => ({
    name: `USS ${c}`,
    file: join(DATA, 'uss', `${c}.txt`),
    load: (file: string) => importUss(file, { file, corpusName: c.toLowerCase() }),
  })),
  { name: 'AB-ReDial', file: join(DATA, 'ab-redial', 'annotated_dialogues.csv'), load: (file: string) => importAbRedial(file, { file, corpusName: 'ab-redial' }) },
];

function report(name: string, transcripts: Transcript[]): void {
  let unclassified = 0;
  let trigrams = 0;
  const other = new Map<string, number>();
  for (const t of transcripts) {
    const g = detectLanguage(t);
    if (g.language === 'und') unclassified++;
    if (g.method === 'trigrams') trigrams++;
    if (!g.english) other.set(g.language, (other.get(g.language) ?? 0) + 1);
  }
  const wrong = [...other.values()].reduce((a, b) => a + b, 0);
  const detail = [...other.entries()].map(([l, n]) => `${l} ${n}`).join(', ');
  console.log(
    `${name.padEnd(12)} ${String(transcripts.length).padStart(5)} conversations · called non-English ${wrong} (${((100 * wrong) / Math.max(1, transcripts.length)).toFixed(2)}%)${detail ? `: ${detail}` : ''} · too short to classify ${unclassified} · needed the trigram detector ${trigrams}`,
  );
}

async function main(): Promise<void> {
  const samples = readFileSync(new URL('../../samples/transcripts.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Transcript);
  report('samples', samples);
  for (const c of corpora) {
    if (!existsSync(c.file)) {
      console.log(`${c.name}: ${c.file} not found, skipped`);
      continue;
    }
    const items: Transcript[] = [];
    for await (const e of c.load(c.file)) if (e.kind === 'item') items.push(e.item);
    report(c.name, items);
  }
}

await main();
