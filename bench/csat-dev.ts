/**
 * Dev tool (not a shipped component): compares zero-shot Auto-CSAT candidates on the DEV split only.
 * Dev split = bench/dev-split.ts (a fixed, seeded half of each USS corpus). Prints per dev half and pooled:
 * judge α vs the median reference, judge α vs the held-out-human reference, the held-out human α and the ratio.
 * CXQA_DEV_HELDOUT=1 prints the held-out halves and AB-ReDial instead (look once, after choosing).
 */
import { join, resolve } from 'node:path';
import type { CalibrationItem } from '../src/calibrate/calibration-item.js';
import { humanBaseline } from '../src/calibrate/human-baseline.js';
import { criterionAgreement } from '../src/calibrate/criterion-agreement.js';
import type { EvalItem } from '../src/calibrate/eval-set/schema.js';
import { importAbRedial } from '../src/calibrate/import/ab-redial.js';
import type { ImportEvent } from '../src/calibrate/import/import-event.js';
import { importUss } from '../src/calibrate/import/uss.js';
import { OfflineJudge } from '../src/judge/offline/offline-judge.js';
import { loadRubricFile } from '../src/rubric/load.js';
import type { JudgedCriterion } from '../src/rubric/schema.js';
import { devHalf } from './dev-split.js';

const DATA = resolve(process.env.CXQA_SHARED_DATA ?? '../shared/data');
const HELDOUT = process.env.CXQA_DEV_HELDOUT === '1';

async function collect(events: AsyncGenerator<ImportEvent>): Promise<EvalItem[]> {
  const items: EvalItem[] = [];
  for await (const e of events) if (e.kind === 'item') items.push(e.item);
  return items;
}

const rubric = loadRubricFile('rubrics/support-qa.yaml');
const csat = rubric.rubric.criteria.find((c) => c.id === 'auto_csat')! as JudgedCriterion;
const judge = new OfflineJudge();

const sets: { name: string; items: EvalItem[] }[] = [];
for (const c of ['SGD', 'MWOZ', 'ReDial', 'CCPE']) {
  const file = join(DATA, 'uss', `${c}.txt`);
  const all = await collect(importUss(file, { file, corpusName: c.toLowerCase() }));
  const dev = devHalf(all.map((i) => i.id));
  sets.push({ name: `${c} ${HELDOUT ? 'held-out' : 'dev'}`, items: all.filter((i) => dev.has(i.id) !== HELDOUT) });
}
if (HELDOUT) {
  const file = join(DATA, 'ab-redial', 'annotated_dialogues.csv');
  sets.push({ name: 'AB-ReDial', items: await collect(importAbRedial(file, { file, corpusName: 'ab-redial' })) });
}

function calib(items: EvalItem[]): CalibrationItem[] {
  return items
    .map((item) => {
      const { human_labels: _l, ...transcript } = item;
      const v = judge.judgeTranscript(transcript, [csat])[0]!;
      return {
        id: item.id,
        raters: item.human_labels.filter((h) => 'auto_csat' in h.labels).map((h) => ({ rater: h.rater, value: h.labels.auto_csat! })),
        judge: { value: v.value, na: v.na, error: v.error },
      };
    })
    .filter((i) => i.raters.length > 0);
}

const f = (x: number | null | undefined) => (x === null || x === undefined ? '  -  ' : x.toFixed(3));
const pooled: CalibrationItem[] = [];
const ratios: number[] = [];
for (const s of sets) {
  const items = calib(s.items);
  if (!s.name.startsWith('AB')) pooled.push(...items);
  const a = criterionAgreement(csat, items, { iterations: 1 });
  const hb = humanBaseline(csat, items, { iterations: 0 });
  if (hb?.ratio != null) ratios.push(hb.ratio);
  const dist = [1, 2, 3, 4, 5].map((v) => items.filter((i) => i.judge?.value === v).length);
  console.log(`${s.name.padEnd(18)} n=${String(items.length).padStart(4)} α=${f(a.alpha)} qwk=${f(a.weighted_kappa)} ρ=${f(a.spearman)} | human α=${f(hb?.alpha)} judge α=${f(hb?.judge_alpha)} ratio=${f(hb?.ratio)} | pred ${dist.join('/')}`);
}
const hb = humanBaseline(csat, pooled, { iterations: 0 });
console.log(`USS pooled        ratio=${f(hb?.ratio)} mean ratio=${f(ratios.reduce((x, y) => x + y, 0) / ratios.length)} min ratio=${f(Math.min(...ratios))} fp=${judge.fingerprint}`);
