import pLimit from 'p-limit';
import type { CalibrationItem } from '../calibrate/calibration-item.js';
import { judgeLabel, labelSet, referenceOf, usableHumanLabel } from '../calibrate/criterion-labels.js';
import type { EvalSetError } from '../calibrate/eval-set/eval-set-error.js';
import { readEvalSet } from '../calibrate/eval-set/read-eval-set.js';
import { UsageError } from '../error/cxqa-error.js';
import type { Judge } from '../judge/judge.js';
import { OFFLINE_JUDGE_NAME } from '../judge/offline/offline-judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import type { Criterion, JudgedCriterion } from '../rubric/schema.js';
import type { Db } from '../store/open-database.js';
import { latestTranscriptsWithCsat } from '../store/transcript-queries.js';
import { contentHash } from '../shared/hash.js';
import { transcriptSchema, type Transcript } from '../transcript/schema.js';
import type { FitExample } from './fit-model.js';
import { offlineFeatures } from './offline-features.js';

export interface LabelledTranscript {
  transcript: Transcript;
  /** The human reference label; null when there is none (no usable label, raters tied). */
  reference: number | string | null;
  /** Scales with raters: the mean of their usable labels (what regression learns from). */
  target?: number;
  raters?: CalibrationItem['raters'];
}

/** The mean of the raters' usable numbers on a scale criterion; undefined for other criteria or without one. */
export function meanRating(criterion: Criterion, labels: readonly (number | string | null)[]): number | undefined {
  if (criterion.kind !== 'scale') return undefined;
  const xs = labels.filter((l): l is number => typeof l === 'number');
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

export interface CollectedExamples {
  examples: FitExample[];
  /** Raters per example id (eval sets), for the held-out-human baseline. */
  raters?: Map<string, CalibrationItem['raters']>;
  skipped: { no_reference: number; judge_error: number; judge_na: number };
}

/** The labelled transcripts of an eval set for one criterion, the reference made as `calibrate` makes it. */
export async function* fromEvalSet(file: string, criterion: Criterion, onInvalid?: (e: EvalSetError) => void): AsyncGenerator<LabelledTranscript> {
  const allowed = new Set(labelSet(criterion).map(String));
  for await (const line of readEvalSet(file)) {
    if (!line.ok) {
      onInvalid?.(line.error);
      continue;
    }
    const { human_labels, ...transcript } = line.item;
    const raters = human_labels.filter((h) => criterion.id in h.labels).map((h) => ({ rater: h.rater, value: h.labels[criterion.id]! }));
    if (raters.length === 0) continue;
    const usable = raters.map((r) => usableHumanLabel(criterion, r.value, allowed));
    const reference = referenceOf(criterion, usable);
    const target = meanRating(criterion, usable);
    yield { transcript: transcript as Transcript, reference, raters, ...(target === undefined ? {} : { target }) };
  }
}

/**
 * Transcripts in a database with a survey CSAT (latest content per id), the answer mapped linearly from 1–5 onto
 * the criterion's scale. Only scale criteria have survey labels.
 */
export function* fromSurveys(db: Db, criterion: Criterion): Generator<LabelledTranscript> {
  if (criterion.kind !== 'scale') {
    throw new UsageError(`--from-surveys labels scale criteria only (survey CSAT is 1–5); ${criterion.id} is a ${criterion.kind}: use --eval with reviewers' labels`, 'FIT_NO_SURVEY_LABELS');
  }
  for (const body of latestTranscriptsWithCsat(db)) {
    const parsed = transcriptSchema.safeParse(body);
    if (!parsed.success || parsed.data.survey?.csat === undefined) continue;
    const csat = parsed.data.survey.csat;
    const value = criterion.min + ((csat - 1) / 4) * (criterion.max - criterion.min);
    yield { transcript: parsed.data, reference: value };
  }
}

/**
 * Runs the judge on every labelled transcript (all judged criteria of the rubric, so the judge cache is shared with
 * `score` and `calibrate`) and pairs its answer on `criterion` with the reference. The offline judge's signals are
 * kept as features.
 */
export async function collectExamples(
  source: AsyncIterable<LabelledTranscript> | Iterable<LabelledTranscript>,
  criterion: JudgedCriterion,
  judge: Judge,
  rubric: LoadedRubric,
  concurrency = 8,
): Promise<CollectedExamples> {
  const offline = judge.name === OFFLINE_JUDGE_NAME;
  const criteria = rubric.rubric.criteria.filter((c) => c.kind !== 'rule') as JudgedCriterion[];
  const skipped = { no_reference: 0, judge_error: 0, judge_na: 0 };
  const limit = pLimit(concurrency);
  const pending: Promise<FitExample | null>[] = [];
  const raters = new Map<string, CalibrationItem['raters']>();
  let anyRaters = false;
  for await (const item of source) {
    if (item.reference === null) {
      skipped.no_reference += 1;
      continue;
    }
    if (item.raters) {
      anyRaters = true;
      raters.set(item.transcript.id, item.raters);
    }
    const { reference, target } = item;
    pending.push(
      limit(async () => {
        const res = await judge.judge({ transcript: item.transcript, transcriptHash: contentHash(item.transcript), rubric: rubric.rubric, rubricHash: rubric.hash, criteria });
        const v = res.verdicts.find((x) => x.criterion === criterion.id);
        const answer = judgeLabel(criterion, v ? { value: v.value, na: v.na, error: v.error } : undefined);
        if ('excluded' in answer) {
          skipped[answer.excluded] += 1;
          return null;
        }
        return {
          id: item.transcript.id,
          reference,
          ...(target === undefined ? {} : { target }),
          judge: criterion.kind === 'scale' ? answer.label : String(answer.label),
          ...(offline ? { features: offlineFeatures(item.transcript) } : {}),
        };
      }),
    );
  }
  const examples = (await Promise.all(pending)).filter((e): e is FitExample => e !== null);
  return { examples, skipped, ...(anyRaters ? { raters } : {}) };
}
