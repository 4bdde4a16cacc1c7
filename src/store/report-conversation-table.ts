import { conversationFacts } from '../metrics/conversation-facts.js';
import { CUSTOMER_LEFT_EVENT, HANDOFF_EVENT } from '../transcript/system-events.js';
import type { Transcript } from '../transcript/schema.js';
import type { Db } from './open-database.js';
import type { ReportScope } from './report-selection.js';

/** The temporary table every report query reads: one row per conversation of the current or previous period. */
export const REPORT_TABLE = 'temp.report_conv';

export interface ReportTableOptions {
  windowHours: number;
  resolutionCriterion: string;
  csatCriterion: string;
  handoffCriterion: string;
}

const DAY_MS = 86_400_000;

/**
 * Fills `temp.report_conv` with the conversations that started in the scope's previous or current period and
 * were evaluated under one of the rubric's versions: for each transcript id its latest evaluation (any run,
 * any judge), with the facts the report groups by (handler, hand-off, survey, bot, day and week), the
 * resolution / Auto-CSAT / hand-off verdicts, and repeat contact within the window (any stored conversation
 * of the same customer counts). Returns the number of rows.
 */
export function buildReportTable(db: Db, scope: ReportScope, opts: ReportTableOptions): number {
  db.exec(`DROP TABLE IF EXISTS ${REPORT_TABLE};
    CREATE TABLE ${REPORT_TABLE} (
      eid INTEGER PRIMARY KEY, tid TEXT NOT NULL, period TEXT NOT NULL, started_at TEXT NOT NULL, ts INTEGER NOT NULL,
      day TEXT NOT NULL, week TEXT NOT NULL, customer_id TEXT NOT NULL, agent_id TEXT, intent TEXT, channel TEXT, bot TEXT,
      handler TEXT NOT NULL, handed_off INTEGER NOT NULL, abandoned_after_handoff INTEGER NOT NULL, turns INTEGER NOT NULL, minutes REAL,
      survey_csat REAL, survey_ces REAL, survey_nps REAL, status TEXT NOT NULL, qa_score REAL, auto_fail INTEGER NOT NULL,
      cost_usd REAL, judge TEXT NOT NULL, rubric_hash TEXT NOT NULL, run_id TEXT NOT NULL, reason TEXT,
      resolution TEXT, auto_csat REAL, handoff TEXT, repeat_contact INTEGER NOT NULL DEFAULT 0
    )`);
  const hashes = JSON.stringify(scope.rubricHashes.map((r) => r.hash));
  const from = scope.previous.from;
  const to = scope.current.to;
  // The facts come from the transcript body, parsed once per row by a JavaScript SQL function (the rows never
  // pass through JavaScript otherwise); the MATERIALIZED CTE makes sure it runs once per row.
  db.function('cxqa_report_facts', { deterministic: true }, (body: unknown) => JSON.stringify(factsOf(String(body))));
  const columns = FACT_COLUMNS.map((c, i) => `json_extract(f, '$[${i}]')`).join(', ');
  // The string range (a day wider on each side, for UTC offsets) lets SQLite use the started_at index; julianday() decides.
  const info = db
    .prepare(
      `INSERT INTO ${REPORT_TABLE} (eid, tid, period, started_at, ts, day, week, customer_id, agent_id, intent, channel,
         status, qa_score, auto_fail, cost_usd, judge, rubric_hash, run_id, resolution, auto_csat, handoff, ${FACT_COLUMNS.join(', ')})
       WITH sel AS MATERIALIZED (
         SELECT e.id AS eid, e.transcript_id AS tid, t.started_at, t.customer_id, t.agent_id, t.intent, t.channel,
                e.status, e.qa_score, e.auto_fail, e.cost_usd, e.judge, e.rubric_hash, e.run_id,
                (julianday(t.started_at) - 2440587.5) * 86400000.0 AS ms,
                (SELECT value_json FROM criterion_results WHERE evaluation_id = e.id AND criterion_id = @res AND na = 0 AND error_code IS NULL) AS resolution,
                (SELECT value_json FROM criterion_results WHERE evaluation_id = e.id AND criterion_id = @csat AND na = 0 AND error_code IS NULL) AS csat,
                (SELECT value_json FROM criterion_results WHERE evaluation_id = e.id AND criterion_id = @handoff AND na = 0 AND error_code IS NULL) AS handoff,
                cxqa_report_facts(t.body_json) AS f
         FROM transcripts t
         JOIN evaluations e ON e.transcript_id = t.id AND e.content_hash = t.content_hash
         WHERE t.started_at >= @looseFrom AND t.started_at < @looseTo
           AND julianday(t.started_at) >= julianday(@from) AND julianday(t.started_at) < julianday(@to)
           AND e.rubric_hash IN (SELECT value FROM json_each(@hashes))
           AND e.id = (SELECT MAX(e2.id) FROM evaluations e2 WHERE e2.transcript_id = e.transcript_id AND e2.rubric_hash IN (SELECT value FROM json_each(@hashes)))
       )
       SELECT eid, tid, CASE WHEN ms >= @currentFromMs THEN 'cur' ELSE 'prev' END, started_at, CAST(ms AS INTEGER),
              date(started_at), date(started_at, '-6 days', 'weekday 1'), customer_id, agent_id, intent, channel,
              status, qa_score, auto_fail, cost_usd, judge, rubric_hash, run_id,
              json_extract(resolution, '$'), CASE WHEN json_type(csat) IN ('integer', 'real') THEN json_extract(csat, '$') END, json_extract(handoff, '$'),
              ${columns}
       FROM sel`,
    )
    .run({
      res: opts.resolutionCriterion,
      csat: opts.csatCriterion,
      handoff: opts.handoffCriterion,
      looseFrom: new Date(Date.parse(from) - DAY_MS).toISOString().slice(0, 10),
      looseTo: new Date(Date.parse(to) + 2 * DAY_MS).toISOString().slice(0, 10),
      from,
      to,
      hashes,
      currentFromMs: Date.parse(scope.current.from),
    });
  markRepeatContacts(db, opts.windowHours);
  db.exec(`CREATE INDEX temp.report_conv_period ON report_conv (period, day)`);
  return info.changes;
}

/** Columns computed from the transcript body, in the order {@link factsOf} returns them. */
const FACT_COLUMNS = ['bot', 'handler', 'handed_off', 'abandoned_after_handoff', 'turns', 'minutes', 'survey_csat', 'survey_ces', 'survey_nps', 'reason'] as const;

function factsOf(body: string): unknown[] {
  const t = JSON.parse(body) as Transcript;
  const facts = conversationFacts(t);
  const named = t.metadata?.['bot'];
  const hasBot = t.messages.some((m) => m.role === 'bot');
  const bot = typeof named === 'string' && named ? named : hasBot ? (t.messages.find((m) => m.role === 'bot' && m.author)?.author ?? 'bot') : null;
  return [
    bot,
    facts.handler,
    facts.handedOff ? 1 : 0,
    abandonedAfterHandoff(t) ? 1 : 0,
    facts.customerTurns,
    facts.minutes,
    t.survey?.csat ?? null,
    t.survey?.ces ?? null,
    t.survey?.nps ?? null,
    t.intent ? null : statedReason(t),
  ];
}

/** A hand-off happened, and after it the customer left (a customer-left event) before any human answered, or no human answered at all. */
function abandonedAfterHandoff(t: Transcript): boolean {
  let handedOff = false;
  let bot = false;
  for (const m of t.messages) {
    if (m.role === 'bot') bot = true;
    if (!handedOff) {
      if ((m.role === 'system' && m.event && HANDOFF_EVENT.test(m.event)) || (m.role === 'agent' && bot)) handedOff = true;
      if (m.role === 'agent') return false; // a human answered at the hand-off itself
      continue;
    }
    if (m.role === 'agent') return false;
    if (m.role === 'system' && m.event && CUSTOMER_LEFT_EVENT.test(m.event)) return true;
  }
  return handedOff;
}

/** The customer's first message (their stated reason), cut to 300 characters. */
function statedReason(t: Transcript): string | null {
  const first = t.messages.find((m) => m.role === 'customer' && m.text.trim().length > 0);
  return first ? first.text.slice(0, 300) : null;
}

/** A later conversation of the same customer (any stored transcript) within the window marks a repeat contact. */
function markRepeatContacts(db: Db, windowHours: number): void {
  db.prepare(
    `UPDATE ${REPORT_TABLE} SET repeat_contact = 1 WHERE EXISTS (
       SELECT 1 FROM transcripts t2 WHERE t2.customer_id = report_conv.customer_id AND t2.id != report_conv.tid
         AND julianday(t2.started_at) > julianday(report_conv.started_at)
         AND julianday(t2.started_at) <= julianday(report_conv.started_at) + ?)`,
  ).run(windowHours / 24);
}
