/** The offline judge: deterministic, no network, no key. See README.md in this folder. */
export {
  OfflineJudge,
  OFFLINE_JUDGE_NAME,
  OFFLINE_SIGNALS,
  OFFLINE_SIGNAL_ALIASES,
  judgeOffline,
  resolveOfflineSignal,
  type OfflineSignal,
} from './offline-judge.js';
export { extractSignals, type ConversationSignals, type Hit, type StepKind } from './signals.js';
export { estimateCsat, type CsatEstimate } from './score-csat.js';
export { scoreResolution, type ResolutionResult } from './score-resolution.js';
export type { NativeValue, ResolutionOutcome, ScorerResult } from './scorer.js';
