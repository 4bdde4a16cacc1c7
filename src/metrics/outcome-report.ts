import { UsageError } from '../error/cxqa-error.js';
import { rubricCriteria, type EvaluationSelection } from '../store/evaluation-selection.js';
import { outcomeRows } from '../store/outcome-queries.js';
import type { Db } from '../store/open-database.js';
import type { Handler } from '../transcript/conversation-facts.js';
import { OUTCOMES, OutcomeAccumulator, share, type Outcome, type OutcomeGroup } from './outcome-group.js';

export interface OutcomeReportOptions {
  /** A later contact by the same customer within this many hours makes a "resolved" conversation not truly resolved (default 72). */
  windowHours?: number;
  /** The category criterion whose labels are the outcomes (default `resolution`). */
  resolutionCriterion?: string;
  /** The 1–5 scale criterion predicting CSAT (default `auto_csat`). */
  csatCriterion?: string;
  /** The binary criterion judging hand-offs (default `handoff_quality`). */
  handoffCriterion?: string;
  /**
   * The time the report is made (default now). A resolved conversation whose repeat-contact window ends after it
   * is `pending`: not (yet) truly resolved.
   */
  asOf?: Date;
}

/** Per human agent (conversations with an `agent_id` and an agent message). */
export interface AgentOutcome extends OutcomeGroup {
  agent_id: string;
}

export interface OutcomeReport {
  /** The run reported on; null for a period report (see `selection`). */
  run_id: string | null;
  /** What was reported on: one run, or every production run of a rubric, narrowed to conversations started from / to. */
  selection: { run_id: string | null; rubric_id: string | null; from: string | null; to: string | null };
  window_hours: number;
  /** Repeat-contact windows still open at this time count as pending. */
  as_of: string;
  /** Evaluations that failed outright: not counted in any figure. */
  failed_left_out: number;
  /** Every conversation of the run, then split by who handled it. */
  all: OutcomeGroup;
  by_handler: Record<Handler, OutcomeGroup>;
  /**
   * Deflection next to resolution: `contained_rate` is the share the bot kept from humans (what a deflection
   * dashboard shows); `bot_true_resolution_rate` the share of ALL conversations the bot truly resolved;
   * `contained_not_resolved_rate` the share the bot kept but did not truly resolve — the failures deflection hides.
   */
  deflection: { contained_rate: number | null; bot_true_resolution_rate: number | null; contained_not_resolved_rate: number | null };
  /** Conversations a bot handed to a human: how many, how the hand-off was judged, how they ended. */
  escalation: OutcomeGroup & { handoff_pass_rate: number | null; handoff_judged: number };
  agents: AgentOutcome[];
}

/**
 * Outcome metrics of one run (a run id) or of a period of a rubric (an {@link EvaluationSelection}), from the
 * stored transcripts and verdicts: resolution by handler, repeat contact within the window (a later production
 * conversation of the same customer, from any run, on the same intent when both have one; eval transcripts
 * stored by `calibrate` never count), true resolution (resolved, no repeat contact, window closed; resolved
 * with the window still open is `pending`), turns and minutes, survey CSAT next to Auto-CSAT, hand-off quality
 * and per-agent numbers. Failed evaluations are left out (and counted in `failed_left_out`).
 *
 * Throws a `UsageError` (`CRITERION_NOT_FOUND`, `CRITERION_KIND`) when the rubric has no such resolution
 * criterion: "resolved 0 %" from a criterion that does not exist would be a wrong number that looks right.
 */
export function outcomeReport(db: Db, selection: string | EvaluationSelection, opts: OutcomeReportOptions = {}): OutcomeReport {
  const sel: EvaluationSelection = typeof selection === 'string' ? { runId: selection } : selection;
  const windowHours = opts.windowHours ?? 72;
  const asOf = opts.asOf ?? new Date();
  const resolution = opts.resolutionCriterion ?? 'resolution';
  checkResolutionCriterion(rubricCriteria(db, sel), resolution, sel);
  const rows = outcomeRows(db, sel, {
    windowHours,
    resolutionCriterion: resolution,
    csatCriterion: opts.csatCriterion ?? 'auto_csat',
    handoffCriterion: opts.handoffCriterion ?? 'handoff_quality',
    asOf,
  });
  let failed = 0;

  const all = new OutcomeAccumulator();
  const byHandler: Record<Handler, OutcomeAccumulator> = { bot: new OutcomeAccumulator(), human: new OutcomeAccumulator(), none: new OutcomeAccumulator() };
  const escalated = new OutcomeAccumulator();
  const agents = new Map<string, OutcomeAccumulator>();
  let handoffJudged = 0;
  let handoffPassed = 0;
  // A million rows hold a handful of distinct value_json texts: each is parsed once.
  const outcomeOf = cachedParse(outcomeOfValue);
  const numberOf = cachedParse(numberOfValue);
  const passed = cachedParse((v) => v === 'pass');

  for (const row of rows) {
    if (row.status === 'failed') {
      failed += 1;
      continue;
    }
    const facts = row.facts;
    const item = {
      outcome: outcomeOf(row.resolution),
      repeatContact: row.repeat_contact === 1,
      windowOpen: row.window_open === 1,
      customerTurns: facts.customerTurns,
      minutes: facts.minutes,
      surveyCsat: facts.surveyCsat,
      autoCsat: numberOf(row.csat),
      qaScore: row.qa_score,
      autoFail: row.auto_fail === 1,
    };
    all.add(item);
    byHandler[facts.handler].add(item);
    if (facts.handedOff) {
      escalated.add(item);
      if (row.handoff !== null) {
        handoffJudged += 1;
        if (passed(row.handoff)) handoffPassed += 1;
      }
    }
    if (facts.handler === 'human' && facts.agentId) {
      let acc = agents.get(facts.agentId);
      if (!acc) agents.set(facts.agentId, (acc = new OutcomeAccumulator()));
      acc.add(item);
    }
  }

  const allSummary = all.summary();
  const bot = byHandler.bot.summary();
  return {
    run_id: sel.runId ?? null,
    selection: { run_id: sel.runId ?? null, rubric_id: sel.rubricId ?? null, from: sel.from ?? null, to: sel.to ?? null },
    window_hours: windowHours,
    as_of: asOf.toISOString(),
    failed_left_out: failed,
    all: allSummary,
    by_handler: { bot, human: byHandler.human.summary(), none: byHandler.none.summary() },
    deflection: {
      contained_rate: share(bot.n, allSummary.n),
      bot_true_resolution_rate: share(bot.true_resolved, allSummary.n),
      contained_not_resolved_rate: share(bot.n - bot.true_resolved, allSummary.n),
    },
    escalation: { ...escalated.summary(), handoff_pass_rate: share(handoffPassed, handoffJudged), handoff_judged: handoffJudged },
    agents: [...agents]
      .map(([agent_id, acc]) => ({ agent_id, ...acc.summary() }))
      .sort((a, b) => b.n - a.n || a.agent_id.localeCompare(b.agent_id)),
  };
}

/** `read` of a value_json text's value (null: no value), remembered per text. */
function cachedParse<T>(read: (value: unknown) => T): (valueJson: string | null) => T {
  const seen = new Map<string | null, T>();
  return (valueJson) => {
    let out = seen.get(valueJson);
    if (out === undefined && !seen.has(valueJson)) seen.set(valueJson, (out = read(valueJson === null ? null : (JSON.parse(valueJson) as unknown))));
    return out as T;
  };
}

function outcomeOfValue(v: unknown): Outcome {
  return typeof v === 'string' && (OUTCOMES as readonly string[]).includes(v) ? (v as Outcome) : 'unknown';
}

function numberOfValue(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

function checkResolutionCriterion(criteria: Map<string, string>, id: string, sel: EvaluationSelection): void {
  const what = sel.runId !== undefined ? `the rubric of run ${sel.runId}` : `rubric ${sel.rubricId}`;
  const listing = criteria.size ? [...criteria].map(([c, kind]) => `${c} (${kind})`).join(', ') : 'none';
  const kind = criteria.get(id);
  if (kind === undefined) {
    throw new UsageError(
      `${what} has no resolution criterion "${id}"; its criteria: ${listing}. Name the category criterion with the outcome labels with --resolution ID`,
      'CRITERION_NOT_FOUND',
    );
  }
  if (kind !== 'category') {
    throw new UsageError(`--resolution ${id}: outcomes need a category criterion (resolved / escalated / unresolved / abandoned), "${id}" is ${kind}; criteria: ${listing}`, 'CRITERION_KIND');
  }
}
