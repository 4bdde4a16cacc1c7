import { callsOf, totalCalls } from '../judge/calls.js';
import type { Judge } from '../judge/judge.js';
import type { JudgeCall, PanelVote, TokenUsage } from '../values/judge-call.js';
import { evaluateRule } from '../judge/rule/evaluate-rule.js';
import type { Verdict } from '../values/verdict.js';
import type { LoadedRubric } from '../rubric/load.js';
import { computeQaScore, type QaScore } from '../rubric/qa-score.js';
import type { JudgedCriterion, RuleCriterion } from '../rubric/schema.js';
import type { Transcript } from '../transcript/schema.js';
import type { EvaluationStatus } from '../store/evaluation-repository.js';

export interface TranscriptEvaluation extends QaScore {
  verdicts: Verdict[];
  status: EvaluationStatus;
  /** Set when no criterion could be judged: the first error, standing for the transcript. */
  error: { code: string; message: string } | null;
  /** Tokens over the judge calls made for this transcript (null: no call reported usage). */
  usage: TokenUsage | null;
  /** USD over those calls (null: no call had a known price). Cache hits cost 0. */
  cost_usd: number | null;
  /** Every judge call was served from the judge cache. */
  cache_hit: boolean;
  /** The judge calls (and cache hits) behind the verdicts, one per provider call. */
  calls: JudgeCall[];
  /** Panel members' answers (panels only). */
  votes: PanelVote[];
}

export function splitCriteria(rubric: LoadedRubric['rubric']): { rules: RuleCriterion[]; judged: JudgedCriterion[] } {
  const rules: RuleCriterion[] = [];
  const judged: JudgedCriterion[] = [];
  for (const c of rubric.criteria) {
    if (c.kind === 'rule') rules.push(c);
    else judged.push(c);
  }
  return { rules, judged };
}

/**
 * Scores one transcript: rule criteria deterministically, the rest through the judge, then the QA score.
 * A judge that throws is turned into error verdicts for its criteria, never into a lost transcript.
 */
export async function evaluateTranscript(
  transcript: Transcript,
  transcriptHash: string,
  loaded: LoadedRubric,
  judge: Judge,
  signal?: AbortSignal,
  /** The run this belongs to: paid calls are then recorded as they return (see `CallLedger`). */
  runId?: string,
): Promise<TranscriptEvaluation> {
  const { rules, judged } = splitCriteria(loaded.rubric);
  const verdicts: Verdict[] = rules.map((c) => evaluateRule(c, transcript));
  let calls: JudgeCall[] = [];
  let votes: PanelVote[] = [];
  if (judged.length > 0) {
    let judgedVerdicts: Verdict[];
    try {
      const response = await judge.judge({
        transcript,
        transcriptHash,
        rubric: loaded.rubric,
        rubricHash: loaded.hash,
        criteria: judged,
        ...(signal ? { signal } : {}),
        ...(runId !== undefined ? { runId } : {}),
      });
      judgedVerdicts = completeVerdicts(judged, response.verdicts, judge.name);
      calls = callsOf(response, judge.name);
      votes = response.votes ?? [];
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const error = { code: typeof code === 'string' ? code : 'JUDGE_FAILED', message: (err as Error).message ?? String(err) };
      judgedVerdicts = judged.map((c) => errorVerdict(c.id, judge.name, error));
    }
    verdicts.push(...judgedVerdicts);
  }
  const order = new Map(loaded.rubric.criteria.map((c, i) => [c.id, i]));
  verdicts.sort((a, b) => (order.get(a.criterion) ?? 0) - (order.get(b.criterion) ?? 0));
  const errors = verdicts.filter((v) => v.error);
  const status: EvaluationStatus = errors.length === 0 ? 'scored' : errors.length === verdicts.length ? 'failed' : 'partial';
  return {
    ...partialScore(loaded.rubric, verdicts, computeQaScore(loaded.rubric, verdicts)),
    verdicts,
    status,
    error: status === 'failed' ? errors[0]!.error : null,
    ...totalCalls(calls),
    calls,
    votes,
  };
}

/**
 * A failed judgement never raises a score: when a criterion that counts toward the QA score (weight above 0)
 * has an error, the score is null (the transcript is left out of every mean), unless the rubric opts into
 * `partial: score_available`. A failed critical rule still marks `auto_fail`.
 */
export function partialScore(rubric: LoadedRubric['rubric'], verdicts: readonly Verdict[], qa: QaScore): QaScore {
  if (rubric.partial === 'score_available') return qa;
  const weights = new Map(rubric.criteria.map((c) => [c.id, c.weight]));
  const failedScored = verdicts.some((v) => v.error && (weights.get(v.criterion) ?? 0) > 0);
  return failedScored ? { ...qa, score: null } : qa;
}

/** Any criterion the judge did not answer gets an explicit error verdict instead of silently vanishing. */
function completeVerdicts(criteria: readonly JudgedCriterion[], verdicts: readonly Verdict[], judgeName: string): Verdict[] {
  const byId = new Map(verdicts.map((v) => [v.criterion, v]));
  return criteria.map(
    (c) =>
      byId.get(c.id) ??
      errorVerdict(c.id, judgeName, { code: 'JUDGE_MISSING_VERDICT', message: `the judge returned no verdict for criterion "${c.id}"` }),
  );
}

export function errorVerdict(criterion: string, judge: string, error: Verdict['error'] & object): Verdict {
  return { criterion, value: null, na: false, rationale: '', evidence: [], judge, error };
}
