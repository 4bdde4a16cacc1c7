import type { Judge, JudgeRequest, JudgeResponse } from '../../judge/judge.js';
import type { LlmJudge, PrefetchedAnswer } from '../../judge/llm/llm-judge.js';
import { transcriptKey } from './custom-id.js';

/**
 * A judge that answers from batch results instead of calling the provider: for each transcript it hands the
 * fetched first answers to {@link LlmJudge.judgeWithAnswers}, so validation, repair, evidence checks and error
 * verdicts are exactly those of a synchronous call. Same name and fingerprint as the model judge, so the
 * cost and cache decorators (and the stored evaluation) treat it as that judge.
 */
export class BatchAnswerJudge implements Judge {
  readonly name: string;
  readonly fingerprint: string;
  private readonly answers = new Map<string, readonly PrefetchedAnswer[]>();

  constructor(private readonly llm: LlmJudge) {
    this.name = llm.name;
    this.fingerprint = llm.fingerprint;
  }

  /** Makes the batch answers of one transcript available until {@link forget} is called. */
  provide(transcriptId: string, hash: string, answers: readonly PrefetchedAnswer[]): void {
    this.answers.set(transcriptKey(transcriptId, hash), answers);
  }

  forget(transcriptId: string, hash: string): void {
    this.answers.delete(transcriptKey(transcriptId, hash));
  }

  async judge(request: JudgeRequest): Promise<JudgeResponse> {
    const answers = this.answers.get(transcriptKey(request.transcript.id, request.transcriptHash)) ?? [];
    return this.llm.judgeWithAnswers(request, answers);
  }
}
