import type { Judge } from '../../judge/judge.js';
import type { LoadedRubric } from '../../rubric/load.js';
import type { EvaluationRepository } from '../../store/evaluation-repository.js';
import type { Transcript } from '../../transcript/schema.js';
import { evaluateTranscript, type TranscriptEvaluation } from '../evaluate-transcript.js';
import { newEvaluation } from '../new-evaluation.js';

/** What one transcript needs to be evaluated and stored. */
export interface EvaluationWork {
  runId: string;
  transcript: Transcript;
  contentHash: string;
  line: number | null;
  /** `--rejudge`: stored as a new attempt even when the latest one is scored. */
  rejudged?: boolean;
}

/**
 * Evaluates one transcript (rule criteria locally, the rest through `judge`) and stores the result exactly
 * as `score` does: evaluation, criterion results, calls, votes, governance findings, judge fingerprint.
 */
export async function evaluateAndStore(repo: EvaluationRepository, rubric: LoadedRubric, judge: Judge, work: EvaluationWork): Promise<TranscriptEvaluation> {
  const { transcript, contentHash } = work;
  const result = await evaluateTranscript(transcript, contentHash, rubric, judge);
  repo.save({ ...newEvaluation(work, rubric, judge, result), ...(work.rejudged ? { rejudged: true } : {}) }, work.line);
  return result;
}
