/** Providers with a batch API. */
export type BatchProvider = 'openai' | 'anthropic';

/** cxqa's view of a batch: still working, results ready, or refused by the provider. */
export type BatchPhase = 'pending' | 'ended' | 'failed';

/** A batch as the provider last reported it. */
export interface BatchState {
  id: string;
  phase: BatchPhase;
  /** The provider's own status: OpenAI `validating`, `in_progress`, `finalizing`, `completed`, `failed`, `expired`, `cancelling`, `cancelled`; Anthropic `in_progress`, `canceling`, `ended`. */
  providerStatus: string;
  /** The provider's `request_counts` as given. */
  requestCounts: Record<string, number> | null;
  inputFileId?: string | null;
  outputFileId?: string | null;
  errorFileId?: string | null;
  /** Why a batch `failed` (OpenAI input validation errors). */
  errors?: BatchFailure[];
}

/** One reason a batch was refused. */
export interface BatchFailure {
  code: string;
  message: string;
  line?: number | null;
}
