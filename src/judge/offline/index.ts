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
export { extractSignals } from './signals.js';
export type { ConversationSignals, Hit, StepKind } from './signal-types.js';
export { estimateCsat, type CsatEstimate } from './score-csat.js';
export { scoreResolution, type ResolutionResult } from './score-resolution.js';
export type { NativeValue, ResolutionOutcome, ScorerResult } from './scorer.js';
