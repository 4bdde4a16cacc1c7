import type { Judge } from '../judge/judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import type { Criterion } from '../rubric/schema.js';
import type { Transcript } from '../transcript/schema.js';
import { exportRecords } from '../report/export-records.js';
import { scoreRun } from '../run/score-run.js';
import { storeCalibration } from '../store/calibration-repository.js';
import type { Db } from '../store/open-database.js';
import type { CalibrationItem } from './calibration-item.js';
import { criterionAgreement, type AgreementOptions, type CriterionAgreement } from './criterion-agreement.js';
import type { EvalSetError } from './eval-set/eval-set-error.js';
import { readEvalSet } from './eval-set/read-eval-set.js';
import type { HumanLabel } from './eval-set/schema.js';

export interface CalibrationReport {
  judge: string;
  eval: string;
  rubric: { id: string; version: string };
  run_id: string;
  items: number;
  criteria: Record<string, CriterionAgreement>;
}

export interface CalibrateOptions extends AgreementOptions {
  db: Db;
  evalFile: string;
  rubric: LoadedRubric;
  judge: Judge;
  concurrency?: number;
  onInvalid?: (error: EvalSetError) => void;
  signal?: AbortSignal;
  /** Told once the scoring run exists (e.g. to record its id with the writer lock). */
  onStarted?: (runId: string) => void;
}

/**
 * Runs the judge on every eval transcript through the normal scoring path (so verdicts are stored and
 * reused), then compares its answers with the human reference label of each criterion that has labels.
 * Only the labels are kept in memory while the transcripts stream through the judge. The per-criterion results
 * are stored in `calibration_results` (append-only), with the held-out-human baseline.
 */
export async function calibrate(opts: CalibrateOptions): Promise<CalibrationReport> {
  const labels = new Map<string, HumanLabel[]>();
  const ids: string[] = [];
  async function* transcripts(): AsyncGenerator<Transcript> {
    for await (const line of readEvalSet(opts.evalFile)) {
      if (!line.ok) {
        opts.onInvalid?.(line.error);
        continue;
      }
      const { human_labels, ...transcript } = line.item;
      if (!labels.has(transcript.id)) ids.push(transcript.id);
      labels.set(transcript.id, human_labels);
      yield transcript;
    }
  }
  const run = await scoreRun({
    db: opts.db,
    input: transcripts(),
    inputName: opts.evalFile,
    rubric: opts.rubric,
    judge: opts.judge,
    command: 'calibrate',
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onStarted ? { onStarted: (run: { runId: string }) => opts.onStarted!(run.runId) } : {}),
  });

  const answers = new Map<string, Map<string, CalibrationItem['judge']>>();
  for (const record of exportRecords(opts.db, run.runId)) {
    const byCriterion = new Map<string, CalibrationItem['judge']>();
    for (const [id, c] of Object.entries(record.criteria)) byCriterion.set(id, { value: c.value, na: c.na, error: c.error, ...(c.na_code ? { na_code: c.na_code } : {}) });
    answers.set(record.transcript_id, byCriterion);
  }

  const criteria: Record<string, CriterionAgreement> = {};
  for (const criterion of opts.rubric.rubric.criteria) {
    const items = itemsFor(criterion, ids, labels, answers);
    if (items.length === 0) continue;
    criteria[criterion.id] = criterionAgreement(criterion, items, opts);
  }
  storeCalibration(
    opts.db,
    {
      runId: run.runId,
      evalFile: opts.evalFile,
      rubric: { id: opts.rubric.rubric.id, version: opts.rubric.rubric.version, hash: opts.rubric.hash },
      judge: opts.judge.name,
      judgeFingerprint: opts.judge.fingerprint,
    },
    criteria,
  );
  return {
    judge: opts.judge.name,
    eval: opts.evalFile,
    rubric: { id: opts.rubric.rubric.id, version: opts.rubric.rubric.version },
    run_id: run.runId,
    items: ids.length,
    criteria,
  };
}

/** The transcripts where at least one rater labelled this criterion. */
function itemsFor(
  criterion: Criterion,
  ids: readonly string[],
  labels: Map<string, HumanLabel[]>,
  answers: Map<string, Map<string, CalibrationItem['judge']>>,
): CalibrationItem[] {
  const items: CalibrationItem[] = [];
  for (const id of ids) {
    const raters = (labels.get(id) ?? [])
      .filter((h) => criterion.id in h.labels)
      .map((h) => ({ rater: h.rater, value: h.labels[criterion.id]! }));
    if (raters.length === 0) continue;
    items.push({ id, raters, judge: answers.get(id)?.get(criterion.id) });
  }
  return items;
}
