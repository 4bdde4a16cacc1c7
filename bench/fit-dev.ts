/**
 * Dev tool (not a shipped component): how the ridge fit's choices were made (issue 14), on the DEV split only
 * (bench/dev-split.ts: a fixed, seeded half of each USS corpus). Within each dev half, 2-fold (fitted on one part,
 * tested on the other, both ways) over `SEEDS` splits; prints the judge's ratio to the held-out human (20 draws) per
 * dev half, its mean over seeds, and the mean over the four halves. Variants: the training target (median of the
 * raters vs their mean), the penalty (fixed λ 50 vs inner 5-fold CV, `choose-lambda.ts`) and the cut rule (agreement
 * cut points, label-share cut points, agreement cut points over levels 2–4 only, rounding).
 * Run: `npm run build && CXQA_SHARED_DATA=../shared/data node dist/bench/fit-dev.js`.
 */
import { join, resolve } from 'node:path';
import { humanBaseline } from '../src/calibrate/human-baseline.js';
import type { EvalItem } from '../src/calibrate/eval-set/schema.js';
import type { ImportEvent } from '../src/calibrate/import/import-event.js';
import { importUss } from '../src/calibrate/import/uss.js';
import { medianLabel } from '../src/calibrate/stats/index.js';
import { chooseRidgeLambda } from '../src/fit/choose-lambda.js';
import { meanRating } from '../src/fit/fit-examples.js';
import { foldsOf } from '../src/fit/folds.js';
import { offlineFeatures } from '../src/fit/offline-features.js';
import { agreementCuts, distributionCuts, fitRidge, levelFor, ridgeScore } from '../src/fit/ridge.js';
import { loadRubricFile } from '../src/rubric/load.js';
import type { Criterion } from '../src/rubric/schema.js';
import { devHalf } from './dev-split.js';

const DATA = resolve(process.env.CXQA_SHARED_DATA ?? '../shared/data');
const SEEDS = [42, 7, 99, 5, 11];
const LEVELS = [1, 2, 3, 4, 5];

interface Row {
  ratings: number[];
  features: number[];
}
interface Variant {
  name: string;
  target: 'median' | 'mean';
  lambda: 'cv' | number;
  cuts: 'agreement' | 'shares' | 'agreement 2-4' | 'round';
}

async function collect(events: AsyncGenerator<ImportEvent>): Promise<EvalItem[]> {
  const items: EvalItem[] = [];
  for await (const e of events) if (e.kind === 'item') items.push(e.item);
  return items;
}

const csat = loadRubricFile('rubrics/support-qa.yaml').rubric.criteria.find((c) => c.id === 'auto_csat')! as Criterion;

function train(v: Variant, rows: Row[]): (r: Row) => number {
  const x = rows.map((r) => r.features);
  const refs = rows.map((r) => medianLabel(r.ratings));
  const y = v.target === 'mean' ? rows.map((r) => meanRating(csat, r.ratings)!) : refs;
  const lambda = v.lambda === 'cv' ? chooseRidgeLambda(x, y, foldsOf(x.length, 5, 1)) : v.lambda;
  const m = fitRidge(x, y, lambda);
  const scores = x.map((r) => ridgeScore(m, r));
  const cuts =
    v.cuts === 'agreement'
      ? agreementCuts(scores, refs, LEVELS)
      : v.cuts === 'shares'
        ? distributionCuts(scores, refs.map((r) => Math.floor(r + 0.5)), LEVELS)
        : v.cuts === 'agreement 2-4'
          ? [-1e9, ...agreementCuts(scores, refs, [2, 3, 4]), 1e9]
          : [1.5, 2.5, 3.5, 4.5];
  return (r) => levelFor(ridgeScore(m, r.features), cuts, LEVELS);
}

function ratio(v: Variant, rows: Row[], seed: number): number {
  const fold = foldsOf(rows.length, 2, seed);
  const answers = new Array<number>(rows.length);
  for (let f = 0; f < 2; f++) {
    const predict = train(v, rows.filter((_, i) => fold[i] !== f));
    rows.forEach((r, i) => {
      if (fold[i] === f) answers[i] = predict(r);
    });
  }
  const items = rows.map((r, i) => ({ id: String(i), raters: r.ratings.map((value, k) => ({ rater: `r${k}`, value })), judge: { value: answers[i]!, na: false, error: null } }));
  return humanBaseline(csat, items, { iterations: 0 })?.ratio ?? Number.NaN;
}

const halves: { name: string; rows: Row[] }[] = [];
for (const c of ['SGD', 'MWOZ', 'ReDial', 'CCPE']) {
  const file = join(DATA, 'uss', `${c}.txt`);
  const all = await collect(importUss(file, { file, corpusName: c.toLowerCase() }));
  const dev = devHalf(all.map((i) => i.id));
  const rows = all
    .filter((i) => dev.has(i.id))
    .map((item) => {
      const { human_labels, ...transcript } = item;
      return { ratings: human_labels.map((h) => h.labels.auto_csat).filter((v): v is number => typeof v === 'number'), features: offlineFeatures(transcript) };
    })
    .filter((r) => r.ratings.length > 0);
  halves.push({ name: `${c} dev`, rows });
}

const variants: Variant[] = [
  { name: 'median, λ 50, agreement cuts (before)', target: 'median', lambda: 50, cuts: 'agreement' },
  { name: 'median, λ by inner CV', target: 'median', lambda: 'cv', cuts: 'agreement' },
  { name: 'mean, λ 50', target: 'mean', lambda: 50, cuts: 'agreement' },
  { name: 'mean, λ by inner CV (shipped)', target: 'mean', lambda: 'cv', cuts: 'agreement' },
  { name: 'shipped, label-share cuts', target: 'mean', lambda: 'cv', cuts: 'shares' },
  { name: 'shipped, agreement cuts 2-4 only', target: 'mean', lambda: 'cv', cuts: 'agreement 2-4' },
  { name: 'shipped, rounding', target: 'mean', lambda: 'cv', cuts: 'round' },
];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`ratio to the held-out human on the USS dev halves, 2-fold within each, mean of ${SEEDS.length} seeds`);
for (const v of variants) {
  const per = halves.map((h) => mean(SEEDS.map((s) => ratio(v, h.rows, s))));
  console.log(`${v.name.padEnd(42)} mean ${mean(per).toFixed(3)} | ${halves.map((h, i) => `${h.name} ${per[i]!.toFixed(2)}`).join(' | ')}`);
}
