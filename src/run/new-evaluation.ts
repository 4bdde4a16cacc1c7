import { collectFindings } from '../governance/findings.js';
import { scanTranscript } from '../governance/injection-scan.js';
import type { Judge } from '../judge/judge.js';
import type { LoadedRubric } from '../rubric/load.js';
import type { NewEvaluation } from '../store/evaluation-repository.js';
import type { Transcript } from '../transcript/schema.js';
import type { TranscriptEvaluation } from './evaluate-transcript.js';

/**
 * The row set to store for one evaluated transcript, the same for synchronous and provider-batch runs:
 * verdicts, QA score, usage and cost, calls, panel votes, governance findings (failed rules and injection
 * suspects), and the judge's name and fingerprint.
 */
export function newEvaluation(
  work: { runId: string; transcript: Transcript; contentHash: string },
  rubric: LoadedRubric,
  judge: Pick<Judge, 'name' | 'fingerprint'>,
  result: TranscriptEvaluation,
): NewEvaluation {
  const { transcript } = work;
  return {
    transcriptId: transcript.id,
    contentHash: work.contentHash,
    rubricHash: rubric.hash,
    judge: judge.name,
    judgeFingerprint: judge.fingerprint,
    runId: work.runId,
    transcript,
    status: result.status,
    qaScore: result.score,
    autoFail: result.auto_fail,
    error: result.error,
    verdicts: result.verdicts,
    criteria: rubric.rubric.criteria,
    usage: result.usage,
    costUsd: result.cost_usd,
    cacheHit: result.cache_hit,
    calls: result.calls,
    votes: result.votes,
    findings: collectFindings(rubric.rubric.criteria, result.verdicts, scanTranscript(transcript)),
  };
}
