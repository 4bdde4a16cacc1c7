import { anyDecision, decidedValueSql, settledStatus } from './decision-repository.js';
import { selectionCte } from './evaluation-selection.js';
import type { Db } from './open-database.js';
import type { ReportScope } from './report-selection.js';
import { materializeRepeatContacts } from './repeat-contacts.js';
import { TRANSCRIPT_HEADER_INDEX } from './transcript-header-migration.js';
import { FACT_COLUMNS as STORED_FACT_COLUMNS, FACTS_TABLE, factsOfStored, factsRowOf } from './transcript-facts.js';

/** The temporary table every report query reads: one row per conversation of the current or previous period. */
export const REPORT_TABLE = 'temp.report_conv';

export interface ReportTableOptions {
  windowHours: number;
  resolutionCriterion: string;
  csatCriterion: string;
  handoffCriterion: string;
  /** Repeat-contact windows still open at this time: a resolution there is pending, not (yet) true. */
  asOf: Date;
}

/**
 * Fills `temp.report_conv` with the conversations that started in the scope's previous or current period and
 * were evaluated under one of the rubric's versions, as the period reports select them (`selectionCte`: every
 * production run of the rubric, the latest evaluation per transcript), with the facts the report groups by
 * (handler, hand-off, survey, bot, day and week), the resolution / Auto-CSAT / hand-off values (a human
 * decision wins over the judge), whether the repeat-contact window is still open, and repeat contact (a later
 * conversation of the same customer within the window, as `cxqa outcomes` counts it: any stored conversation a
 * production run evaluated, on the same intent when both have one), computed as the row is written rather than by
 * a second pass that rewrote every row (1M conversations: 3.2 s). Returns the number of rows.
 */
export function buildReportTable(db: Db, scope: ReportScope, opts: ReportTableOptions): number {
  db.exec(`DROP TABLE IF EXISTS ${REPORT_TABLE};
    CREATE TABLE ${REPORT_TABLE} (
      eid INTEGER PRIMARY KEY, tid TEXT NOT NULL, period TEXT NOT NULL, started_at TEXT NOT NULL, ts INTEGER NOT NULL,
      day TEXT NOT NULL, week TEXT NOT NULL, customer_id TEXT NOT NULL, agent_id TEXT, intent TEXT, channel TEXT, bot TEXT,
      handler TEXT NOT NULL, handed_off INTEGER NOT NULL, abandoned_after_handoff INTEGER NOT NULL, turns INTEGER NOT NULL, minutes REAL,
      survey_csat REAL, survey_ces REAL, survey_nps REAL, status TEXT NOT NULL, qa_score REAL, auto_fail INTEGER NOT NULL,
      cost_usd REAL, judge TEXT NOT NULL, rubric_hash TEXT NOT NULL, run_id TEXT NOT NULL, reason TEXT,
      resolution TEXT, auto_csat REAL, handoff TEXT, window_open INTEGER NOT NULL, repeat_contact INTEGER NOT NULL DEFAULT 0
    )`);
  const selection = { rubricId: scope.rubricId, from: scope.previous.from, to: scope.current.to };
  const { sql, params } = selectionCte(selection, { ordered: false });
  // The facts (handler, turns, survey, stated reason, ...) were computed when each transcript was stored
  // (transcript_facts): no body is read. Only a transcript without its facts row has them computed from its body,
  // by a JavaScript SQL function; the MATERIALIZED CTE makes sure it runs once per row. The channel is read from the
  // transcript header index and the body only in that case, by its own lookup: the join never reads the table row.
  db.function('cxqa_transcript_facts', { deterministic: true }, (json: unknown) => {
    const facts = factsOfStored(typeof json === 'string' ? json : null);
    return facts ? JSON.stringify(factsRowOf(facts)) : null;
  });
  const factsJoin = STORED_FACT_COLUMNS.map((c) => `f.${c} AS f_${c}`).join(', ');
  // Human decisions (\`cxqa review decide\`) win over the judge for the outcome criteria and settle errors; without
  // any decision in the database the three values skip that lookup.
  const decisions = { decisions: anyDecision(db) };
  const windowMs = opts.windowHours * 3_600_000;
  // Repeat contact of the whole period in the customer index's order (see materializeRepeatContacts).
  const repeats = materializeRepeatContacts(db, selection, windowMs);
  let info: { changes: number };
  try {
    info = db
      .prepare(
        `INSERT INTO ${REPORT_TABLE} (eid, tid, period, started_at, ts, day, week, customer_id, agent_id, intent, channel,
           status, qa_score, auto_fail, cost_usd, judge, rubric_hash, run_id, resolution, auto_csat, handoff, window_open, repeat_contact, ${FACT_COLUMNS.join(', ')})
         ${sql},
         sel AS MATERIALIZED (
           SELECT s.evaluation_id AS eid, s.transcript_id AS tid, s.started_at, s.customer_id, s.agent_id, s.intent, t.channel,
                  ${settledStatus('e')} AS status, s.qa_score, s.auto_fail, e.cost_usd, s.judge, s.rubric_hash, s.evaluated_in_run AS run_id,
                  (julianday(s.started_at) - 2440587.5) * 86400000.0 AS ms,
                  ${decidedValueSql('s', '@res', decisions)} AS resolution,
                  ${decidedValueSql('s', '@csat', decisions)} AS csat,
                  ${decidedValueSql('s', '@handoff', decisions)} AS handoff,
                  ${repeats.sql('s')} AS repeat_contact,
                  ${factsJoin},
                  CASE WHEN f.transcript_id IS NULL THEN cxqa_transcript_facts((SELECT COALESCE(b.body_json, b.outline_json) FROM transcripts b
                    WHERE b.id = s.transcript_id AND b.content_hash = s.content_hash)) END AS computed
           FROM selected s
           JOIN evaluations e ON e.id = s.evaluation_id
           JOIN transcripts t INDEXED BY ${TRANSCRIPT_HEADER_INDEX} ON t.id = s.transcript_id AND t.content_hash = s.content_hash
           LEFT JOIN ${FACTS_TABLE} f ON f.transcript_id = s.transcript_id AND f.content_hash = s.content_hash
           WHERE julianday(s.started_at) < julianday(@to)
         )
         SELECT eid, tid, CASE WHEN ms >= @currentFromMs THEN 'cur' ELSE 'prev' END, started_at, CAST(ms AS INTEGER),
                date(started_at), date(started_at, '-6 days', 'weekday 1'), customer_id, agent_id, intent, channel,
                status, qa_score, auto_fail, cost_usd, judge, rubric_hash, run_id,
                json_extract(resolution, '$'), CASE WHEN json_type(csat) IN ('integer', 'real') THEN json_extract(csat, '$') END, json_extract(handoff, '$'),
                ms + @windowMs > @asOfMs, repeat_contact,
                ${factColumnsSql()}
         FROM sel`,
      )
      .run({
        ...params,
        res: opts.resolutionCriterion,
        csat: opts.csatCriterion,
        handoff: opts.handoffCriterion,
        to: scope.current.to,
        currentFromMs: Date.parse(scope.current.from),
        windowMs,
        repeat_window_ms: windowMs,
        asOfMs: opts.asOf.getTime(),
      });
  } finally {
    repeats.drop();
  }
  db.exec(`CREATE INDEX temp.report_conv_period ON report_conv (period, day); CREATE INDEX temp.report_conv_tid ON report_conv (tid)`);
  return info.changes;
}

/**
 * The report's columns from `transcript_facts` (alias `f`), in the order of {@link FACT_COLUMNS}: the stated reason
 * only where the conversation has no intent (the grouping of reasons runs on those). A transcript without a facts
 * row (stored by hand, outside cxqa: `audit verify` names it) has them computed from its stored body here.
 */
function factColumnsSql(): string {
  return FACT_COLUMNS.map((c) => {
    const stored = c === 'turns' ? 'customer_turns' : c;
    const value = `CASE WHEN computed IS NULL THEN f_${stored} ELSE json_extract(computed, '$.${stored}') END`;
    return c === 'reason' ? `CASE WHEN intent IS NULL THEN ${value} END` : value;
  }).join(', ');
}

/** Columns the report table takes from the transcript's facts. */
const FACT_COLUMNS = ['bot', 'handler', 'handed_off', 'abandoned_after_handoff', 'turns', 'minutes', 'survey_csat', 'survey_ces', 'survey_nps', 'reason'] as const;
