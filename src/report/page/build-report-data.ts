import type { Criterion } from '../../rubric/schema.js';
import type { Db } from '../../store/open-database.js';
import * as q from '../../store/report-aggregates.js';
import { buildReportTable } from '../../store/report-conversation-table.js';
import { conversationDetails, otherConversationIds } from '../../store/report-conversation-details.js';
import { resolveReportScope, type ReportScopeOptions } from '../../store/report-selection.js';
import { DRIFT_PSI_THRESHOLD } from '../../metrics/drift.js';
import { groupStatedReasons, intentOutcomes, risingReasons } from './contact-reasons.js';
import { conversationView } from './conversation-view.js';
import { governanceView } from './governance-view.js';
import { coachingEntities, criterionDrift, criterionRates, failingValues } from './criterion-rates.js';
import { computeKpis, computeTrendSeries, emptyBucketRow, headline, sumRows, type KpiExtras } from './kpis.js';
import { REPORT_SCHEMA, type CalibrationView, type CoachingEntity, type DecisionView, type ReportData, type SpotlightList } from './report-data.js';
import { DecisionRepository } from '../../store/decision-repository.js';
import { listCalibrations } from '../../store/calibration-repository.js';
import { rubricDefinitions } from '../../store/report-rubric-queries.js';

export interface BuildReportOptions extends ReportScopeOptions {
  /** Conversations embedded with full text (default 2,000): spotlight and coaching examples first. */
  maxConversations?: number;
  windowHours?: number;
  /** Mask personal data in embedded text (default true). */
  maskPii?: boolean;
  driftThreshold?: number;
  /** When the report is made (default now): repeat-contact windows still open then are pending. */
  asOf?: Date;
  /** For reproducible output in tests. */
  now?: Date;
  generator?: string;
}

const SPOTLIGHT_LIMIT = 25;
const DAY_MS = 86_400_000;

/** Everything the report shows, from the database: aggregates in SQL over the period, full text for a bounded set. */
export function buildReportData(db: Db, opts: BuildReportOptions = {}): ReportData {
  const scope = resolveReportScope(db, opts);
  const windowHours = opts.windowHours ?? 72;
  buildReportTable(db, scope, {
    windowHours,
    resolutionCriterion: 'resolution',
    csatCriterion: 'auto_csat',
    handoffCriterion: 'handoff_quality',
    asOf: opts.asOf ?? opts.now ?? new Date(),
  });

  const { criteria, title, versions } = rubricDefinitions(db, scope.rubricHashes);
  const lengthDays = (Date.parse(scope.current.to) - Date.parse(scope.current.from)) / DAY_MS;
  const bucket: q.Bucket = lengthDays <= 62 ? 'day' : 'week';

  // KPIs and trends
  const kpiRows = q.kpiBuckets(db, bucket);
  const verdicts = q.verdictCounts(db, bucket);
  const valueRows = verdicts.values;
  const findingRows = q.findingBuckets(db, bucket);
  const extrasOf = (pred: (r: { period: string; bucket: string }) => boolean): KpiExtras => ({
    violating: 0,
    verdicts: valueRows.filter(pred).reduce((s, r) => s + r.n, 0),
    verdict_errors: valueRows.filter((r) => pred(r) && r.error_code !== null).reduce((s, r) => s + r.n, 0),
  });
  const violating = q.violatingConversations(db);
  const cur = sumRows(kpiRows, 'cur');
  const prev = sumRows(kpiRows, 'prev');
  const curX = { ...extrasOf((r) => r.period === 'cur'), violating: violating.cur };
  const prevX = { ...extrasOf((r) => r.period === 'prev'), violating: violating.prev };
  const kpis = computeKpis(cur, prev, curX, prevX, windowHours);

  const buckets = bucketList(scope.previous.from, scope.current.to, bucket);
  const rowByBucket = new Map<string, q.KpiBucketRow>();
  for (const r of kpiRows) rowByBucket.set(r.bucket, r);
  const extrasByBucket = new Map<string, KpiExtras>();
  for (const b of buckets) {
    const violatingInBucket = findingRows.filter((f) => f.bucket === b && f.rule_check !== 'injection').reduce((s, f) => s + f.conversations, 0);
    extrasByBucket.set(b, { ...extrasOf((r) => r.bucket === b), violating: violatingInBucket });
  }
  for (const b of buckets) if (!rowByBucket.has(b)) rowByBucket.set(b, emptyBucketRow('cur', b));
  const series = computeTrendSeries(buckets, rowByBucket, extrasByBucket);

  // Criteria, drift, coaching
  const criteriaRates = criterionRates(valueRows, criteria);
  const drift = criterionDrift(valueRows, criteria, opts.driftThreshold ?? DRIFT_PSI_THRESHOLD);
  const coaching = coachingViews(db, verdicts, criteria);

  // Spotlight
  const spotlight = spotlightLists(db);

  // Contact reasons
  const weekStart = Date.parse(scope.current.to) - 7 * DAY_MS;
  const intentRows = q.intentOutcomes(db, weekStart);
  const intents = intentOutcomes(intentRows);
  const stated = groupStatedReasons(q.statedReasons(db, 50_000), weekStart);
  const missingIntent = intentRows.find((r) => r.intent === null)?.n ?? 0;

  // Governance
  const governance = governanceView(db, findingRows, buckets, opts.maskPii ?? true);

  // Judge health
  const judgeHealth = judgeHealthView(db, valueRows, criteria, scope.rubricId);

  // Conversations: spotlight and coaching examples first, then the rest (worst first)
  const max = opts.maxConversations ?? 2000;
  const wanted = new Set<string>();
  for (const list of spotlight) for (const it of list.items) if (wanted.size < max) wanted.add(it.id);
  for (const e of [...coaching.agents, ...coaching.bots]) for (const c of e.criteria) for (const id of c.examples) if (wanted.size < max) wanted.add(id);
  for (const g of stated) for (const id of g.examples) if (wanted.size < max) wanted.add(id);
  for (const f of governance.findings) if (wanted.size < max) wanted.add(f.id);
  for (const id of otherConversationIds(db, max - wanted.size, wanted)) wanted.add(id);
  const decisions = decisionsByTranscript(db, [...wanted]);
  const conversations = conversationDetails(db, [...wanted]).map((row) =>
    conversationView(row, { criteria, versions, maskPii: opts.maskPii ?? true, decisions }),
  );

  return {
    schema: REPORT_SCHEMA,
    generated_at: (opts.now ?? new Date()).toISOString(),
    generator: opts.generator ?? 'cxqa',
    rubric: { id: scope.rubricId, title, versions: scope.rubricHashes.map((r) => r.version) },
    period: { from: scope.current.from, to: scope.current.to, previous_from: scope.previous.from, previous_to: scope.previous.to, bucket },
    counts: {
      conversations: cur.n,
      previous_conversations: prev.n,
      failed: cur.failed,
      partial: cur.partial,
      qa_left_out: cur.qa_left_out,
      embedded: conversations.length,
      not_embedded: Math.max(0, cur.n - conversations.length),
    },
    headline: headline(cur, windowHours),
    kpis,
    trends: { buckets, series, markers: versionMarkers(db, versions, bucket) },
    drift,
    criteria: criteriaRates,
    coaching,
    spotlight,
    reasons: { intents, missing_intent: missingIntent, stated, rising: risingReasons(intents, stated) },
    governance,
    judge_health: judgeHealth,
    conversations,
    privacy: { pii_masked: opts.maskPii ?? true },
  };
}

function bucketList(from: string, to: string, bucket: q.Bucket): string[] {
  const out: string[] = [];
  const start = new Date(from.slice(0, 10) + 'T00:00:00Z').getTime();
  const end = Date.parse(to);
  let t = start;
  if (bucket === 'week') t -= ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS;
  for (; t < end; t += (bucket === 'day' ? 1 : 7) * DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Coaching per human agent and per bot, with the examples of both from one query. */
function coachingViews(db: Db, verdicts: q.VerdictCounts, criteria: ReadonlyMap<string, Criterion>): { agents: CoachingEntity[]; bots: CoachingEntity[] } {
  const agents = coachingEntities('agent', q.entities(db, 'agent'), verdicts.agents, criteria);
  const bots = coachingEntities('bot', q.entities(db, 'bot'), verdicts.bots, criteria);
  const wanted = (entities: CoachingEntity[]) =>
    entities.flatMap((e) => e.criteria.filter((c) => c.pass_rate !== null && c.pass_rate < 1).map((c) => ({ entity: e.id, criterion_id: c.id })));
  const examples = q.failingExamples(db, failingValues([...verdicts.agents, ...verdicts.bots], criteria), { agent: wanted(agents), bot: wanted(bots) });
  attachExamples(agents, examples.agent);
  attachExamples(bots, examples.bot);
  return { agents, bots };
}

function attachExamples(entities: CoachingEntity[], examples: readonly q.ExampleRow[]): void {
  const byKey = new Map<string, string[]>();
  for (const ex of examples) byKey.set(`${ex.entity}\u0000${ex.criterion_id}`, [...(byKey.get(`${ex.entity}\u0000${ex.criterion_id}`) ?? []), ex.tid]);
  for (const e of entities) for (const c of e.criteria) c.examples = byKey.get(`${e.id}\u0000${c.id}`) ?? [];
}

function spotlightLists(db: Db): SpotlightList[] {
  const list = (id: string, label: string, why: string, rows: q.SpotlightRows): SpotlightList => ({
    id,
    label,
    why,
    total: rows.total,
    items: rows.items.map((r) => ({ id: r.tid, note: r.note === null ? null : String(r.note) })),
  });
  const repeat = q.repeatCustomers(db, 3, SPOTLIGHT_LIMIT);
  return [
    list('auto_fail', 'Auto-fails', 'a critical criterion failed: QA score 0', q.autoFailSpotlight(db, SPOTLIGHT_LIMIT)),
    list('disputed', 'Disputed verdicts', 'the judges of a panel disagreed: a person should decide', q.disputedSpotlight(db, SPOTLIGHT_LIMIT)),
    list('injection', 'Injection suspects', 'text addressed to the judge was found in the conversation', q.injectionSpotlight(db, SPOTLIGHT_LIMIT)),
    list('csat_gap', 'Auto-CSAT vs survey gaps', 'the judge and the customer disagree by 2 points or more', q.csatGapSpotlight(db, SPOTLIGHT_LIMIT)),
    {
      id: 'repeat_customers',
      label: 'Customers back 3+ times',
      why: 'the same customer contacted us three or more times in the period',
      total: repeat.total,
      items: repeat.customers.map((c) => ({ id: c.tids[c.tids.length - 1]!, note: `customer ${c.customer_id}: ${c.n} conversations (${c.tids.join(', ')})` })),
    },
    list('abandoned_after_handoff', 'Abandoned after a hand-off', 'the bot handed over and the customer left before a human answered', q.abandonedAfterHandoffSpotlight(db, SPOTLIGHT_LIMIT)),
  ];
}

function judgeHealthView(db: Db, rows: readonly q.CriterionValueRow[], criteria: ReadonlyMap<string, Criterion>, rubricId: string): ReportData['judge_health'] {
  const cur = rows.filter((r) => r.period === 'cur');
  const per = new Map<string, { verdicts: number; errors: number; na: number; unverified: number; disputed: number }>();
  for (const r of cur) {
    const c = per.get(r.criterion_id) ?? { verdicts: 0, errors: 0, na: 0, unverified: 0, disputed: 0 };
    c.verdicts += r.n;
    if (r.error_code !== null) c.errors += r.n;
    if (r.error_code === 'PANEL_DISPUTED') c.disputed += r.n;
    if (r.na === 1) c.na += r.n;
    c.unverified += r.unverified;
    per.set(r.criterion_id, c);
  }
  const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
  const verdicts = cur.reduce((s, r) => s + r.n, 0);
  const errors = cur.filter((r) => r.error_code !== null).reduce((s, r) => s + r.n, 0);
  const unverified = cur.reduce((s, r) => s + r.unverified, 0);
  const panelDisputed = [...per.values()].reduce((s, c) => s + c.disputed, 0);
  return {
    verdicts,
    errors,
    error_rate: share(errors, verdicts),
    unverified_rate: share(unverified, verdicts),
    error_codes: q.errorCodes(db).map((e) => ({ code: e.error_code, n: e.n })),
    criteria: [...per].map(([id, c]) => ({
      id,
      title: criteria.get(id)?.title ?? id,
      verdicts: c.verdicts,
      errors: c.errors,
      error_rate: share(c.errors, c.verdicts),
      na: c.na,
      unverified: c.unverified,
      unverified_rate: share(c.unverified, c.verdicts),
      disputed: c.disputed,
    })),
    disputes: { panel_disputed: panelDisputed, ...q.disputeCounts(db, rubricId) },
    calibration: calibrationView(db, rubricId),
  };
}

/** Every human decision (`cxqa review decide`) about the embedded conversations, oldest first. */
function decisionsByTranscript(db: Db, tids: string[]): Map<string, DecisionView[]> {
  const repo = new DecisionRepository(db);
  const out = new Map<string, DecisionView[]>();
  for (const tid of tids) {
    const list = repo.forTranscript(tid);
    if (list.length === 0) continue;
    out.set(
      tid,
      list.map((d) => ({
        criterion: d.criterion_id,
        decision: d.judge_error_code === 'PANEL_DISPUTED' ? 'settled a panel dispute' : d.judge_value === null ? 'decided' : 'overrode the judge',
        value: d.na ? 'N/A' : d.value,
        judge_value: d.judge_value,
        reviewer: d.reviewer,
        note: d.note,
        at: d.created_at,
      })),
    );
  }
  return out;
}

/** The latest stored calibration per criterion and judge of the rubric (`cxqa calibrate`), beside its human baseline. */
function calibrationView(db: Db, rubricId: string): CalibrationView[] {
  const latest = new Map<string, CalibrationView>();
  for (const c of listCalibrations(db, { rubricId, limit: 1000 })) {
    const key = `${c.criterion_id}\u0000${c.judge}`;
    if (latest.has(key)) continue; // newest first
    latest.set(key, {
      criterion: c.criterion_id,
      judge: c.judge,
      n: c.n,
      statistic: c.kind === 'scale' ? 'weighted κ' : 'κ',
      value: c.kind === 'scale' ? c.weighted_kappa : c.kappa,
      alpha: c.alpha,
      human_alpha: c.human_alpha,
      baseline_judge_alpha: c.baseline_judge_alpha,
      baseline_human_alpha: c.baseline_human_alpha,
      human_ratio: c.human_ratio,
      gates_passed: c.gates_passed === null ? null : c.gates_passed === 1,
      at: c.created_at,
      eval_file: c.eval_file,
    });
  }
  return [...latest.values()].sort((a, b) => a.criterion.localeCompare(b.criterion) || a.judge.localeCompare(b.judge));
}

/** Days (or weeks) where a rubric version or judge first appears after the first bucket. */
function versionMarkers(db: Db, versions: ReadonlyMap<string, string>, bucket: q.Bucket): ReportData['trends']['markers'] {
  const rows = q.versionDays(db);
  const seenRubric = new Set<string>();
  const seenJudge = new Set<string>();
  const markers: ReportData['trends']['markers'] = [];
  const first = rows[0]?.day;
  for (const r of rows) {
    const at = bucket === 'day' ? r.day : mondayOf(r.day);
    if (!seenRubric.has(r.rubric_hash)) {
      seenRubric.add(r.rubric_hash);
      if (r.day !== first) markers.push({ at, label: `rubric ${versions.get(r.rubric_hash) ?? r.rubric_hash.slice(0, 12)}` });
    }
    if (!seenJudge.has(r.judge)) {
      seenJudge.add(r.judge);
      if (r.day !== first) markers.push({ at, label: `judge ${r.judge}` });
    }
  }
  return markers;
}

function mondayOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}
