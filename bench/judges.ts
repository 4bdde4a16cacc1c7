/**
 * `npm run bench:judges`: the offline judge's agreement with people on public human-labelled corpora.
 * Reads ../shared/data (never copied into the project), imports USS (SGD, MWOZ, ReDial, CCPE) and AB-ReDial
 * through the same importers as `cxqa import`, judges every dialogue, and prints per corpus the dialogue-level
 * Auto-CSAT agreement with the human reference beside the human-vs-human alpha and a majority-class baseline,
 * plus resolution agreement on AB-ReDial. Writes the numbers to .bench/judges.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import Table from 'cli-table3';
import type { CalibrationItem } from '../src/calibrate/calibration-item.js';
import { criterionAgreement, type CriterionAgreement } from '../src/calibrate/criterion-agreement.js';
import type { EvalItem } from '../src/calibrate/eval-set/schema.js';
import { importAbRedial } from '../src/calibrate/import/ab-redial.js';
import type { ImportEvent } from '../src/calibrate/import/import-event.js';
import { importUss } from '../src/calibrate/import/uss.js';
import { majorityLabel, medianLabel } from '../src/calibrate/stats/index.js';
import type { Judge } from '../src/judge/judge.js';
import { OfflineJudge } from '../src/judge/offline/offline-judge.js';
import { loadRubricFile } from '../src/rubric/load.js';
import type { Criterion, JudgedCriterion } from '../src/rubric/schema.js';
import { contentHash } from '../src/transcript/hash.js';

const DATA = resolve(process.env.CXQA_SHARED_DATA ?? '../shared/data');
const ITERATIONS = Number(process.env.CXQA_BENCH_ITERATIONS ?? 1000);

interface CorpusSpec {
  name: string;
  file: string;
  load: (file: string) => AsyncGenerator<ImportEvent>;
  criteria: string[];
}

const corpora: CorpusSpec[] = [
  ...['SGD', 'MWOZ', 'ReDial', 'CCPE'].map((c) => ({
    name: `USS ${c}`,
    file: join(DATA, 'uss', `${c}.txt`),
    load: (file: string) => importUss(file, { file, corpusName: c.toLowerCase() }),
    criteria: ['auto_csat'],
  })),
  {
    name: 'AB-ReDial',
    file: join(DATA, 'ab-redial', 'annotated_dialogues.csv'),
    load: (file: string) => importAbRedial(file, { file, corpusName: 'ab-redial' }),
    criteria: ['auto_csat', 'resolution'],
  },
];

interface Row {
  corpus: string;
  criterion: string;
  judge: CriterionAgreement;
  baseline: CriterionAgreement;
  items: number;
  seconds: number;
}

async function collect(events: AsyncGenerator<ImportEvent>): Promise<EvalItem[]> {
  const items: EvalItem[] = [];
  for await (const e of events) if (e.kind === 'item') items.push(e.item);
  return items;
}

/** The most frequent reference label of the corpus, predicted for every item. */
function majorityBaseline(criterion: Criterion, items: CalibrationItem[]): CalibrationItem[] {
  const refs = items.map((i) => {
    const values = i.raters.map((r) => r.value).filter((v) => v !== null);
    return criterion.kind === 'scale' ? Math.round(medianLabel(values as number[])) : majorityLabel(values as string[]);
  });
  const counts = new Map<unknown, number>();
  for (const r of refs) if (r !== null) counts.set(r, (counts.get(r) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0] as number | string;
  return items.map((i) => ({ ...i, judge: { value: top, na: false, error: null } }));
}

async function judgeAll(judge: Judge, items: EvalItem[], criteria: JudgedCriterion[], rubric: ReturnType<typeof loadRubricFile>) {
  const answers = new Map<string, Map<string, CalibrationItem['judge']>>();
  for (const item of items) {
    const { human_labels: _labels, ...transcript } = item;
    const res = await judge.judge({ transcript, transcriptHash: contentHash(transcript), rubric: rubric.rubric, rubricHash: rubric.hash, criteria });
    answers.set(item.id, new Map(res.verdicts.map((v) => [v.criterion, { value: v.value, na: v.na, error: v.error }])));
  }
  return answers;
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.error(`bench:judges: ${DATA} not found; set CXQA_SHARED_DATA to the folder holding uss/ and ab-redial/`);
    process.exitCode = 2;
    return;
  }
  const rubric = loadRubricFile('rubrics/support-qa.yaml');
  const judge = new OfflineJudge();
  const rows: Row[] = [];
  for (const spec of corpora) {
    if (!existsSync(spec.file)) {
      console.error(`bench:judges: skipping ${spec.name}: ${spec.file} not found`);
      continue;
    }
    const items = await collect(spec.load(spec.file));
    const criteria = spec.criteria.map((id) => rubric.rubric.criteria.find((c) => c.id === id)!) as JudgedCriterion[];
    const t0 = performance.now();
    const answers = await judgeAll(judge, items, criteria, rubric);
    const seconds = (performance.now() - t0) / 1000;
    for (const criterion of criteria) {
      const calib: CalibrationItem[] = items
        .map((item) => ({
          id: item.id,
          raters: item.human_labels.filter((h) => criterion.id in h.labels).map((h) => ({ rater: h.rater, value: h.labels[criterion.id]! })),
          judge: answers.get(item.id)?.get(criterion.id),
        }))
        .filter((i) => i.raters.length > 0);
      const opts = { iterations: ITERATIONS, seed: 42 };
      rows.push({
        corpus: spec.name,
        criterion: criterion.id,
        items: calib.length,
        seconds,
        judge: criterionAgreement(criterion, calib, opts),
        baseline: criterionAgreement(criterion, majorityBaseline(criterion, calib), opts),
      });
    }
  }
  print(rows);
  mkdirSync('.bench', { recursive: true });
  const out = {
    date: new Date().toISOString(),
    judge: judge.name,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    rows: rows.map((r) => ({ corpus: r.corpus, criterion: r.criterion, n: r.judge.n, judge: pick(r.judge), baseline: pick(r.baseline), human_alpha: r.judge.human_alpha })),
  };
  writeFileSync('.bench/judges.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwritten: .bench/judges.json');
}

function pick(c: CriterionAgreement) {
  return { accuracy: c.accuracy, kappa: c.kappa, weighted_kappa: c.weighted_kappa, alpha: c.alpha, spearman: c.spearman, uar: c.uar, ci95: c.ci95 };
}

function ci(c: CriterionAgreement, stat: 'kappa' | 'weighted_kappa' | 'alpha' | 'spearman' | 'uar' | 'accuracy'): string {
  const v = c[stat];
  if (v === null) return '-';
  const [lo, hi] = c.ci95[stat] ?? [null, null];
  return lo === null || hi === null ? v.toFixed(2) : `${v.toFixed(2)} [${lo.toFixed(2)},${hi.toFixed(2)}]`;
}

function print(rows: Row[]): void {
  const t = new Table({
    head: ['corpus', 'criterion', 'n', 'kappa', 'QWK', 'alpha', 'spearman', 'UAR', 'human α', 'majority: acc / UAR / QWK'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    const b = r.baseline;
    t.push([
      r.corpus,
      r.criterion,
      String(r.judge.n),
      ci(r.judge, 'kappa'),
      ci(r.judge, 'weighted_kappa'),
      ci(r.judge, 'alpha'),
      ci(r.judge, 'spearman'),
      ci(r.judge, 'uar'),
      r.judge.human_alpha === null ? '-' : r.judge.human_alpha.toFixed(2),
      `${b.accuracy?.toFixed(2) ?? '-'} / ${b.uar?.toFixed(2) ?? '-'} / ${b.weighted_kappa?.toFixed(2) ?? '-'}`,
    ]);
  }
  console.log(`offline judge vs human reference (majority / median of raters), 95% bootstrap CIs, ${ITERATIONS} resamples`);
  console.log(t.toString());
}

await main();
