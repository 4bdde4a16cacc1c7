/**
 * `npm run bench:judges`: the offline judge's agreement with people on public human-labelled corpora.
 * Reads ../shared/data (never copied into the project), imports USS (SGD, MWOZ, ReDial, CCPE) and AB-ReDial
 * through the same importers as `cxqa import`, judges every dialogue, and prints per corpus and criterion:
 * - zero-shot agreement with the human reference (median / majority of the raters) with CIs, beside a
 *   majority-class baseline;
 * - the held-out-human baseline (one rater held out, the reference made from the others; the held-out rater and the
 *   judge against that same reference; 20 draws) and the judge's ratio to it ("reaches 0.51 of one more human");
 * - the same for the fitted offline judge, 2-fold: `cxqa fit`'s procedure (inner cross-validation, refusal) run on one
 *   half, its model (or the unfitted judge, when it refuses) answering the other, both ways (seeded split). Fitted in
 *   memory only: nothing fitted on these corpora is stored or shipped.
 * Writes the numbers to .bench/judges.json. CXQA_BENCH_LIMIT=N takes the first N dialogues per corpus (quick runs);
 * CXQA_BENCH_ITERATIONS sets the bootstrap resamples (default 1000).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import Table from 'cli-table3';
import type { CalibrationItem } from '../src/calibrate/calibration-item.js';
import { criterionAgreement, type CriterionAgreement } from '../src/calibrate/criterion-agreement.js';
import { labelSet, referenceOf, usableHumanLabel } from '../src/calibrate/criterion-labels.js';
import type { EvalItem } from '../src/calibrate/eval-set/schema.js';
import { importAbRedial } from '../src/calibrate/import/ab-redial.js';
import type { ImportEvent } from '../src/calibrate/import/import-event.js';
import { importUss } from '../src/calibrate/import/uss.js';
import { majorityLabel, medianLabel } from '../src/calibrate/stats/index.js';
import { fitCriterion } from '../src/fit/fit-criterion.js';
import { meanRating } from '../src/fit/fit-examples.js';
import { describeFit, fitKindFor, predictFit, type FitExample } from '../src/fit/fit-model.js';
import { foldsOf } from '../src/fit/folds.js';
import { offlineFeatures } from '../src/fit/offline-features.js';
import { OfflineJudge } from '../src/judge/offline/offline-judge.js';
import { loadRubricFile } from '../src/rubric/load.js';
import type { Criterion, JudgedCriterion } from '../src/rubric/schema.js';

const DATA = resolve(process.env.CXQA_SHARED_DATA ?? '../shared/data');
const ITERATIONS = Number(process.env.CXQA_BENCH_ITERATIONS ?? 1000);
const LIMIT = process.env.CXQA_BENCH_LIMIT ? Number(process.env.CXQA_BENCH_LIMIT) : Infinity;
const FOLDS = 2;
const SEED = 42;

interface CorpusSpec {
  name: string;
  file: string;
  load: (file: string) => AsyncGenerator<ImportEvent>;
  criteria: string[];
}

const ONLY = process.env.CXQA_BENCH_ONLY;
const allCorpora: CorpusSpec[] = [
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
const corpora = ONLY ? allCorpora.filter((c) => c.name.toLowerCase().includes(ONLY.toLowerCase())) : allCorpora;

interface Row {
  corpus: string;
  criterion: string;
  judge: CriterionAgreement;
  fitted: CriterionAgreement;
  baseline: CriterionAgreement;
}

async function collect(events: AsyncGenerator<ImportEvent>): Promise<EvalItem[]> {
  const items: EvalItem[] = [];
  for await (const e of events) {
    if (e.kind === 'item') items.push(e.item);
    if (items.length >= LIMIT) break;
  }
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

/** What `fit` did on each training half: the model it stored, or why it refused (then the unfitted judge answers). */
const fitNotes: string[] = [];

/**
 * The fitted offline judge as `cxqa fit` makes it, 2-fold: the items are split in two (seeded); on each half `fit`
 * runs as it would for a team (inner cross-validation, refusal), and its model — or the unfitted judge, when it
 * refuses — answers every item of the other half (also items whose raters tie, which have no reference to learn
 * from but still count in the held-out-human baseline).
 */
function fittedAnswers(corpus: string, criterion: Criterion, items: CalibrationItem[], features: Map<string, number[]>): CalibrationItem[] {
  const allowed = new Set(labelSet(criterion).map(String));
  const foldOf = foldsOf(items.length, FOLDS, SEED);
  const out = new Map<string, CalibrationItem['judge']>();
  for (let fold = 0; fold < FOLDS; fold++) {
    const examples: FitExample[] = [];
    items.forEach((item, i) => {
      if (foldOf[i] === fold) return;
      const usable = item.raters.map((r) => usableHumanLabel(criterion, r.value, allowed));
      const reference = referenceOf(criterion, usable);
      const target = meanRating(criterion, usable);
      const j = item.judge;
      if (reference === null || !j || j.error || j.value === null) return;
      examples.push({ id: item.id, reference, ...(target === undefined ? {} : { target }), judge: criterion.kind === 'scale' ? j.value : String(j.value), features: features.get(item.id)! });
    });
    const outcome = fitCriterion(criterion, fitKindFor(criterion, true), examples, { folds: 5, seed: SEED });
    fitNotes.push(`${corpus} ${criterion.id} half ${fold + 1}: ${outcome.refused ? `refused (${outcome.refused.code}), unfitted judge kept: ${outcome.refused.reason}` : describeFit(outcome.model!)}`);
    items.forEach((item, i) => {
      if (foldOf[i] !== fold) return;
      const j = item.judge;
      if (!outcome.model) return out.set(item.id, j);
      if (!j || j.error || j.value === null) return out.set(item.id, undefined);
      out.set(item.id, { value: predictFit(outcome.model, { value: j.value, features: features.get(item.id)! }), na: false, error: null });
    });
  }
  return items.map((i) => ({ ...i, judge: out.get(i.id) }));
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
    const answers = new Map<string, Map<string, CalibrationItem['judge']>>();
    const features = new Map<string, number[]>();
    for (const item of items) {
      const { human_labels: _labels, ...transcript } = item;
      const verdicts = judge.judgeTranscript(transcript, criteria);
      answers.set(item.id, new Map(verdicts.map((v) => [v.criterion, { value: v.value, na: v.na, error: v.error }])));
      features.set(item.id, offlineFeatures(transcript));
    }
    for (const criterion of criteria) {
      const calib: CalibrationItem[] = items
        .map((item) => ({
          id: item.id,
          raters: item.human_labels.filter((h) => criterion.id in h.labels).map((h) => ({ rater: h.rater, value: h.labels[criterion.id]! })),
          judge: answers.get(item.id)?.get(criterion.id),
        }))
        .filter((i) => i.raters.length > 0);
      const opts = { iterations: ITERATIONS, seed: SEED };
      rows.push({
        corpus: spec.name,
        criterion: criterion.id,
        judge: criterionAgreement(criterion, calib, opts),
        fitted: criterionAgreement(criterion, fittedAnswers(spec.name, criterion, calib, features), opts),
        baseline: criterionAgreement(criterion, majorityBaseline(criterion, calib), opts),
      });
    }
  }
  print(rows);
  console.log(`\nwhat fit did on each training half:\n${fitNotes.map((n) => `- ${n}`).join('\n')}`);
  mkdirSync('.bench', { recursive: true });
  const out = {
    date: new Date().toISOString(),
    judge: judge.name,
    fitted: `${FOLDS}-fold: \`fit\` (inner 5-fold CV, refusal) on each half, predicting the other (seed ${SEED}), in memory`,
    fits: fitNotes,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    rows: rows.map((r) => ({
      corpus: r.corpus,
      criterion: r.criterion,
      n: r.judge.n,
      zero_shot: pick(r.judge),
      fitted: pick(r.fitted),
      majority: pick(r.baseline),
      human_alpha: r.judge.human_alpha,
      human_baseline: { zero_shot: r.judge.human_baseline, fitted: r.fitted.human_baseline },
    })),
  };
  writeFileSync('.bench/judges.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwritten: .bench/judges.json');
}

function pick(c: CriterionAgreement) {
  return { accuracy: c.accuracy, kappa: c.kappa, weighted_kappa: c.weighted_kappa, alpha: c.alpha, spearman: c.spearman, uar: c.uar, ci95: c.ci95 };
}

function f(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : v.toFixed(2);
}

function ci(v: number | null, range: [number | null, number | null] | undefined): string {
  if (v === null) return '-';
  const [lo, hi] = range ?? [null, null];
  return lo === null || hi === null ? v.toFixed(2) : `${v.toFixed(2)} [${lo.toFixed(2)},${hi.toFixed(2)}]`;
}

function print(rows: Row[]): void {
  const t = new Table({
    head: ['corpus', 'criterion', 'n', 'zero-shot α', 'κ*', 'fitted α', 'κ*', 'held-out human α', 'judge α same ref: zero-shot / fitted', 'ratio zero-shot', 'ratio fitted', 'human α (all)', 'majority acc / κ*'],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    const k = r.judge.kind === 'scale' ? 'weighted_kappa' : 'kappa';
    const hz = r.judge.human_baseline;
    const hf = r.fitted.human_baseline;
    t.push([
      r.corpus,
      r.criterion,
      String(r.judge.n),
      ci(r.judge.alpha, r.judge.ci95.alpha),
      f(r.judge[k]),
      ci(r.fitted.alpha, r.fitted.ci95.alpha),
      f(r.fitted[k]),
      ci(hz?.alpha ?? null, hz?.ci95.alpha),
      `${f(hz?.judge_alpha)} / ${f(hf?.judge_alpha)}`,
      ci(hz?.ratio ?? null, hz?.ci95.ratio),
      ci(hf?.ratio ?? null, hf?.ci95.ratio),
      f(r.judge.human_alpha),
      `${f(r.baseline.accuracy)} / ${f(r.baseline[k])}`,
    ]);
  }
  console.log(`offline judge vs human reference; fitted = fit on one half, tested on the other, both ways (seed ${SEED}); held-out human: 20 draws; 95% bootstrap CIs, ${ITERATIONS} resamples; κ* quadratic-weighted for scales`);
  console.log(t.toString());
}

await main();
