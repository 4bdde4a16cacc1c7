/**
 * cxqa's public API. Everything exported here is stable within a major version; modules not exported
 * here are internal and may change without notice.
 */
export { CxqaError, InputError, UsageError } from './error/cxqa-error.js';

export { transcriptSchema, messageSchema, surveySchema, roleSchema } from './transcript/schema.js';
export type { Transcript, Message, Role, Survey } from './transcript/schema.js';
export { readTranscripts, parseTranscriptLine, TranscriptLineError } from './transcript/read-jsonl.js';
export type { TranscriptLine } from './transcript/read-jsonl.js';
export { contentHash } from './shared/hash.js';

export { rubricSchema, criterionSchema } from './rubric/schema.js';
export type { Rubric, Criterion, JudgedCriterion, RuleCriterion, ScaleCriterion, BinaryCriterion, CategoryCriterion } from './rubric/schema.js';
export { loadRubricFile, parseRubric, RubricError } from './rubric/load.js';
export type { LoadedRubric } from './rubric/load.js';
export { rubricJsonSchema } from './rubric/json-schema.js';
export { computeQaScore, normalisedScore } from './rubric/qa-score.js';
export type { QaScore } from './rubric/qa-score.js';

export type { Judge, JudgeRequest, JudgeResponse } from './judge/judge.js';
export type { TokenUsage } from './values/judge-call.js';
export type { Verdict, Evidence, VerdictValue, VerdictError, NaCode } from './values/verdict.js';
export { evaluateRule } from './judge/rule/evaluate-rule.js';
export { selectJudge } from './judge/select-judge.js';
export type { JudgeCall, PanelVote } from './values/judge-call.js';
export { CachedJudge } from './judge/cache/cached-judge.js';
export type { JudgeCacheStore, CacheEntry } from './judge/cache/judge-cache-store.js';
export { JudgeCacheRepository } from './store/judge-cache-repository.js';
export { CostingJudge } from './judge/cost/costing-judge.js';
export { PriceTable, BUILT_IN_PRICES, PRICES_AS_OF } from './judge/cost/price-table.js';
export type { ModelPrice } from './judge/cost/price-table.js';
export { computeCost } from './judge/cost/compute-cost.js';
export { estimateTokens } from './judge/cost/estimate-tokens.js';
export { Budget } from './judge/budget/budget.js';
export { BudgetedJudge, BUDGET_EXCEEDED } from './judge/budget/budgeted-judge.js';
export { PanelJudge } from './judge/panel/panel-judge.js';
export { aggregateVotes, PANEL_DISPUTED } from './judge/panel/aggregate-votes.js';
export { buildJudgeStack } from './judge/build-judge-stack.js';
export { loadConfig, parseConfig, ConfigError } from './config/load-config.js';
export type { CxqaConfig } from './config/config-schema.js';
export { dryRun } from './run/dry-run.js';

export { openDatabase } from './store/open-database.js';
export { scoreRun } from './run/score-run.js';
export type { ScoreRunOptions, ScoreRunResult } from './run/score-run.js';
export { summarizeRun } from './report/run-summary.js';
export type { RunSummary, CriterionSummary, CostSummary } from './report/run-summary.js';
export { exportRecords } from './report/export-records.js';
export { selectEvaluations } from './store/evaluation-selection.js';
export type { EvaluationSelection, SelectedEvaluation } from './store/evaluation-selection.js';
export { buildReportData } from './report/page/build-report-data.js';
export type { BuildReportOptions } from './report/page/build-report-data.js';
export { renderReportHtml } from './report/page/render-html.js';
export type { ReportData } from './report/page/report-data.js';
export type { ExportRecord } from './report/export-records.js';

export {
  StatsError,
  cohenKappa,
  cohenKappaFromTable,
  fleissKappa,
  krippendorffAlpha,
  accuracy,
  macroRecall,
  perClass,
  confusionMatrix,
  meanAbsoluteError,
  pearson,
  spearman,
  averageRanks,
  bootstrapCi,
  mulberry32,
  majorityLabel,
  medianLabel,
} from './calibrate/stats/index.js';
export type {
  Label,
  CohenKappaOptions,
  KappaWeights,
  KrippendorffAlphaOptions,
  MeasurementLevel,
  ClassMetrics,
  ConfusionMatrix,
  BootstrapOptions,
  ConfidenceInterval,
} from './calibrate/stats/index.js';
export { calibrate } from './calibrate/calibrate-run.js';
export type { CalibrationReport } from './calibrate/calibrate-run.js';
export { criterionAgreement } from './calibrate/criterion-agreement.js';
export type { CriterionAgreement, GateResult } from './calibrate/criterion-agreement.js';
export { humanBaseline } from './calibrate/human-baseline.js';
export type { HumanBaseline, HumanBaselineOptions, HumanRatioGate } from './calibrate/human-baseline.js';
export { listCalibrations } from './store/calibration-repository.js';
export type { StoredCalibration } from './store/calibration-repository.js';

export { OfflineJudge } from './judge/offline/offline-judge.js';
export { evalItemSchema } from './calibrate/eval-set/schema.js';
export type { EvalItem, HumanLabel } from './calibrate/eval-set/schema.js';
export { readEvalSet } from './calibrate/eval-set/read-eval-set.js';

export { redactTranscript } from './governance/redact.js';
export type { Redaction, RedactType } from './governance/redact.js';
export { scanTranscript } from './governance/injection-scan.js';
export type { InjectionHit } from './governance/injection-scan.js';
export { detectSensitive } from './governance/detect/index.js';
export type { DetectedSpan, SensitiveType } from './governance/detect/index.js';
export { checkAlerts } from './alerts/check-alerts.js';
export type { AlertBreach } from './alerts/check-alerts.js';
export { outcomeReport } from './metrics/outcome-report.js';
export type { OutcomeReport, OutcomeReportOptions, AgentOutcome } from './metrics/outcome-report.js';
export type { OutcomeGroup, Outcome } from './metrics/outcome-group.js';
export { conversationFacts, transcriptFacts } from './transcript/conversation-facts.js';
export type { ConversationFacts, Handler, TranscriptFacts } from './transcript/conversation-facts.js';
