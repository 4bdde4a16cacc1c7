import type { Db } from '../store/open-database.js';
import type { Transcript } from '../transcript/schema.js';
import { conversationFacts, type Handler } from './conversation-facts.js';
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
}

/** Per human agent (conversations with an `agent_id` and an agent message). */
export interface AgentOutcome extends OutcomeGroup {
  agent_id: string;
}

export interface OutcomeReport {
  run_id: string;
  window_hours: number;
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

interface Row {
  body_json: string;
  customer_id: string;
  started_at: string;
  qa_score: number | null;
  auto_fail: number;
  resolution: string | null;
  csat: string | null;
  handoff: string | null;
}

/**
 * Outcome metrics of one run, from the stored transcripts and verdicts: resolution by handler, repeat contact
 * within the window (any stored conversation of the same customer, from this run or another), true resolution
 * (resolved and no repeat contact), turns and minutes, survey CSAT next to Auto-CSAT, hand-off quality and
 * per-agent numbers. Failed evaluations are left out.
 */
export function outcomeReport(db: Db, runId: string, opts: OutcomeReportOptions = {}): OutcomeReport {
  const windowHours = opts.windowHours ?? 72;
  const rows = db
    .prepare(
      `SELECT t.body_json, t.customer_id, t.started_at, e.qa_score, e.auto_fail,
              (SELECT value_json FROM criterion_results WHERE evaluation_id = e.id AND criterion_id = @res AND na = 0 AND error_code IS NULL) AS resolution,
              (SELECT value_json FROM criterion_results WHERE evaluation_id = e.id AND criterion_id = @csat AND na = 0 AND error_code IS NULL) AS csat,
              (SELECT value_json FROM criterion_results WHERE evaluation_id = e.id AND criterion_id = @handoff AND na = 0 AND error_code IS NULL) AS handoff
       FROM run_items ri
       JOIN evaluations e ON e.id = ri.evaluation_id
       JOIN transcripts t ON t.id = e.transcript_id AND t.content_hash = e.content_hash
       WHERE ri.run_id = @run AND e.status != 'failed'
       ORDER BY ri.id`,
    )
    .iterate({
      run: runId,
      res: opts.resolutionCriterion ?? 'resolution',
      csat: opts.csatCriterion ?? 'auto_csat',
      handoff: opts.handoffCriterion ?? 'handoff_quality',
    }) as IterableIterator<Row>;
  // julianday() compares times written with any UTC offset correctly.
  const laterContact = db.prepare(
    `SELECT 1 FROM transcripts WHERE customer_id = ? AND id != ?
       AND julianday(started_at) > julianday(?) AND julianday(started_at) <= julianday(?) + ? LIMIT 1`,
  );

  const all = new OutcomeAccumulator();
  const byHandler: Record<Handler, OutcomeAccumulator> = { bot: new OutcomeAccumulator(), human: new OutcomeAccumulator(), none: new OutcomeAccumulator() };
  const escalated = new OutcomeAccumulator();
  const agents = new Map<string, OutcomeAccumulator>();
  let handoffJudged = 0;
  let handoffPassed = 0;

  for (const row of rows) {
    const transcript = JSON.parse(row.body_json) as Transcript;
    const facts = conversationFacts(transcript);
    const item = {
      outcome: outcomeOf(row.resolution),
      repeatContact: laterContact.get(row.customer_id, transcript.id, row.started_at, row.started_at, windowHours / 24) !== undefined,
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
        if (JSON.parse(row.handoff) === 'pass') handoffPassed += 1;
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
    run_id: runId,
    window_hours: windowHours,
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

function outcomeOf(valueJson: string | null): Outcome {
  if (valueJson === null) return 'unknown';
  const v = JSON.parse(valueJson) as unknown;
  return typeof v === 'string' && (OUTCOMES as readonly string[]).includes(v) ? (v as Outcome) : 'unknown';
}

function numberOf(valueJson: string | null): number | null {
  if (valueJson === null) return null;
  const v = JSON.parse(valueJson) as unknown;
  return typeof v === 'number' ? v : null;
}
