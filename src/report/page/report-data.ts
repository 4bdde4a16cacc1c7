/**
 * The data of a `cxqa report`: what `--format json` writes and what the HTML page embeds. Versioned by
 * `schema`; numbers are rates in 0–1, means in their own unit, `null` when there is nothing to compute from.
 */
export const REPORT_SCHEMA = 'cxqa-report/1';

export type KpiUnit = 'score' | 'rate' | 'csat' | 'ces' | 'nps' | 'per_1000' | 'usd';

export interface Kpi {
  id: string;
  label: string;
  unit: KpiUnit;
  /** Which way is better (`none`: neither, e.g. deflection, shown beside true resolution). */
  better: 'up' | 'down' | 'none';
  value: number | null;
  /** The same KPI over the previous period of the same length. */
  previous: number | null;
  /** value − previous (null when either is missing). */
  change: number | null;
  /** Conversations (or verdicts, surveys) the value is computed from. */
  n: number;
  previous_n: number;
  note?: string;
}

export interface TrendMarker {
  /** Day or week start (YYYY-MM-DD). */
  at: string;
  label: string;
}

export interface DriftResult {
  criterion: string;
  title: string;
  /** Population stability index of the value distribution, current vs previous period. */
  psi: number | null;
  threshold: number;
  flagged: boolean;
  n: number;
  previous_n: number;
  current: Record<string, number>;
  previous: Record<string, number>;
  note?: string;
}

export interface CriterionRate {
  id: string;
  title: string;
  kind: string;
  /** Verdicts with a pass/fail meaning (N/A, errors and unscored labels are left out). */
  judged: number;
  pass_rate: number | null;
  previous_pass_rate: number | null;
}

export interface CoachingCriterion {
  id: string;
  title: string;
  judged: number;
  pass_rate: number | null;
  team_pass_rate: number | null;
  /** pass_rate − team_pass_rate. */
  gap: number | null;
  /** Up to three conversations where this criterion failed, evidence first. */
  examples: string[];
}

export interface CoachingEntity {
  kind: 'agent' | 'bot';
  id: string;
  conversations: number;
  qa_mean: number | null;
  auto_fail: number;
  /** Weakest first (largest shortfall against the team). */
  criteria: CoachingCriterion[];
}

export interface SpotlightItem {
  id: string;
  note: string | null;
}

export interface SpotlightList {
  id: string;
  label: string;
  why: string;
  total: number;
  items: SpotlightItem[];
}

export interface IntentOutcome {
  intent: string;
  n: number;
  previous_n: number;
  this_week: number;
  last_week: number;
  resolved_rate: number | null;
  true_resolution_rate: number | null;
  escalation_rate: number | null;
  qa_mean: number | null;
  auto_fail: number;
}

export interface StatedReasonGroup {
  keyword: string;
  /** Other frequent words of the group's reasons. */
  terms: string[];
  n: number;
  this_week: number;
  last_week: number;
  resolved_rate: number | null;
  examples: string[];
}

export interface GovernanceRule {
  rule: string;
  check: string;
  severity: string;
  policy: string | null;
  findings: number;
  conversations: number;
  previous_conversations: number;
}

export interface FindingView {
  rule: string;
  check: string;
  severity: string;
  message_index: number | null;
  /** Masked before it was stored. */
  matched_text: string | null;
  policy: string | null;
  rationale: string | null;
}

export interface GovernanceFinding extends FindingView {
  id: string;
}

export interface JudgeCriterionHealth {
  id: string;
  title: string;
  verdicts: number;
  errors: number;
  error_rate: number | null;
  na: number;
  unverified: number;
  unverified_rate: number | null;
  disputed: number;
}

/** The latest `cxqa calibrate` result of one criterion and judge, beside the human baseline. */
export interface CalibrationView {
  criterion: string;
  judge: string;
  n: number;
  /** `κ` (binary, category) or `weighted κ` (scale): the judge against the human reference. */
  statistic: string;
  value: number | null;
  alpha: number | null;
  /** Agreement of the human raters with each other: the realistic ceiling. */
  human_alpha: number | null;
  /** Held-out-human baseline: the judge and one held-out rater, each against the same reference of the other raters. */
  baseline_judge_alpha: number | null;
  baseline_human_alpha: number | null;
  /** baseline_judge_alpha ÷ baseline_human_alpha. */
  human_ratio: number | null;
  gates_passed: boolean | null;
  at: string;
  eval_file: string;
}

export interface DecisionView {
  criterion: string;
  decision: string;
  value: unknown;
  /** What the judge had said when the person decided. */
  judge_value: unknown;
  reviewer: string;
  note: string | null;
  at: string;
}

export interface VerdictView {
  criterion: string;
  title: string;
  kind: string;
  value: string | number | null;
  na: boolean;
  /** Normalised score at or above the criterion's pass score; null when N/A, an error or unscored. */
  passed: boolean | null;
  rationale: string;
  evidence: { message: number; quote: string; verified?: boolean }[];
  judge: string;
  error: { code: string; message: string | null } | null;
}

export interface MessageView {
  role: string;
  text: string;
  at?: string;
  author?: string;
  event?: string;
}

export interface ConversationView {
  id: string;
  started_at: string;
  channel: string;
  customer_id: string;
  agent_id: string | null;
  intent: string | null;
  bot: string | null;
  status: string;
  qa_score: number | null;
  auto_fail: boolean;
  judge: string;
  rubric_version: string | null;
  run_id: string;
  repeat_contact: boolean;
  survey: { csat?: number; ces?: number; nps?: number } | null;
  auto_csat: number | null;
  messages: MessageView[];
  verdicts: VerdictView[];
  findings: FindingView[];
  decisions: DecisionView[];
}

export interface ReportData {
  schema: typeof REPORT_SCHEMA;
  generated_at: string;
  generator: string;
  rubric: { id: string; title: string; versions: string[] };
  period: { from: string; to: string; previous_from: string; previous_to: string; bucket: 'day' | 'week' };
  /** Dates are ISO; `to` is exclusive. */
  counts: {
    conversations: number;
    previous_conversations: number;
    failed: number;
    partial: number;
    /** Not failed, but without a QA score (partly judged): left out of the QA mean. */
    qa_left_out: number;
    embedded: number;
    not_embedded: number;
  };
  headline: string;
  kpis: Kpi[];
  trends: { buckets: string[]; series: Record<string, (number | null)[]>; markers: TrendMarker[] };
  drift: DriftResult[];
  criteria: CriterionRate[];
  coaching: { agents: CoachingEntity[]; bots: CoachingEntity[] };
  spotlight: SpotlightList[];
  reasons: { intents: IntentOutcome[]; missing_intent: number; stated: StatedReasonGroup[]; rising: { label: string; kind: 'intent' | 'stated'; this_week: number; last_week: number }[] };
  governance: {
    rules: GovernanceRule[];
    by_severity: { buckets: string[]; series: Record<string, number[]> };
    findings: GovernanceFinding[];
    violations_total: number;
  };
  judge_health: {
    verdicts: number;
    errors: number;
    error_rate: number | null;
    unverified_rate: number | null;
    error_codes: { code: string; n: number }[];
    criteria: JudgeCriterionHealth[];
    /** Panel-disputed verdicts: still open, or settled by a human decision. */
    disputes: { panel_disputed: number; open: number; decided: number };
    calibration: CalibrationView[] | null;
  };
  conversations: ConversationView[];
  privacy: { pii_masked: boolean };
}
