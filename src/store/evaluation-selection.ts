import { UsageError } from '../error/cxqa-error.js';
import type { Db } from './open-database.js';
import { epochMsSql } from './production-latest-migration.js';
import { TRANSCRIPT_HEADER_INDEX } from './transcript-header-migration.js';

/**
 * Which stored evaluations a report is about. Either one run (`runId`: what that run covered, in input order)
 * or a period of one rubric (`rubricId`: every production run of that rubric, any version, combined — merged
 * shards and nightly runs together — with the latest evaluation per transcript). Both can be narrowed to
 * conversations that started in `[from, to]`.
 *
 * Production only: evaluations that only `calibrate` runs covered never count (eval transcripts are not
 * customers' conversations).
 */
export type EvaluationSelection =
  | { runId: string; rubricId?: undefined; from?: string | undefined; to?: string | undefined }
  | { rubricId: string; runId?: undefined; from?: string | undefined; to?: string | undefined };

/** One selected evaluation with the conversation facts reports group by. */
export interface SelectedEvaluation {
  evaluation_id: number;
  transcript_id: string;
  content_hash: string;
  /** The run that created this evaluation. */
  evaluated_in_run: string;
  status: string;
  qa_score: number | null;
  auto_fail: number;
  judge: string;
  rubric_hash: string;
  rubric_id: string;
  rubric_version: string;
  /** Conversation start (as written in the transcript). */
  started_at: string;
  customer_id: string;
  agent_id: string | null;
  intent: string | null;
}

/** Runs whose results are production data: everything except `calibrate` (human-labelled eval sets). */
export const PRODUCTION_RUN = `r.command <> 'calibrate'`;

/**
 * A `WITH selected AS (...)` clause whose rows are the selected evaluations (columns of
 * {@link SelectedEvaluation} plus `ord`, the report order), and its named parameters. `ordered: false` leaves `ord`
 * NULL (a query that groups or counts needs no order): a run's evaluations then come in evaluation id order. Reports join it to criterion results,
 * findings or decisions; the statement must bind every returned parameter.
 *
 * A period reads `production_latest` (migration 16, kept by a trigger): the latest production evaluation per
 * (rubric id, transcript content), by the `production_latest_period` index on the conversation start in Unix
 * milliseconds. Of a transcript stored with several contents (an edited conversation) the latest evaluation
 * among the contents that started in the period wins, as a window over every evaluation used to decide.
 */
export function selectionCte(sel: EvaluationSelection, opts: { ordered?: boolean } = {}): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  // `column` within the selection's bounds; `value` reads a bound in the column's unit.
  const bound = (column: string, value: (param: string) => string): string[] => [
    ...(sel.from !== undefined ? [`${column} >= ${value('@sel_from')}`] : []),
    ...(sel.to !== undefined ? [`${column} <= ${value('@sel_to')}`] : []),
  ];
  if (sel.from !== undefined) params.sel_from = sel.from;
  if (sel.to !== undefined) params.sel_to = sel.to;
  if (sel.runId !== undefined) {
    params.sel_run = sel.runId;
    const columns = `e.id AS evaluation_id, e.transcript_id, e.content_hash, e.run_id AS evaluated_in_run, e.status, e.qa_score,
               e.auto_fail, e.judge, e.rubric_hash, rb.id AS rubric_id, rb.version AS rubric_version, t.started_at, t.customer_id, t.agent_id, t.intent`;
    const joins = `JOIN transcripts t INDEXED BY ${TRANSCRIPT_HEADER_INDEX} ON t.id = e.transcript_id AND t.content_hash = e.content_hash
        JOIN rubrics rb ON rb.hash = e.rubric_hash`;
    const inPeriod = bound('julianday(t.started_at)', (b) => `julianday(${b})`);
    // Unordered: each evaluation once, by the list of the run's evaluation ids (read in id order), where grouping the
    // joined rows by evaluation sorts them all (at a million conversations ~0.9 s of the outcome report's ~10 s).
    if (opts.ordered === false) {
      return {
        sql: `WITH selected AS (
        SELECT ${columns}, NULL AS ord
        FROM evaluations e ${joins}
        WHERE ${['e.id IN (SELECT ri.evaluation_id FROM run_items ri WHERE ri.run_id = @sel_run)', ...inPeriod].join(' AND ')})`,
        params,
      };
    }
    return {
      sql: `WITH selected AS (
        SELECT ${columns}, MIN(ri.id) AS ord
        FROM run_items ri JOIN evaluations e ON e.id = ri.evaluation_id
        ${joins}
        WHERE ${['ri.run_id = @sel_run', ...inPeriod].join(' AND ')}
        GROUP BY e.id)`,
      params,
    };
  }
  params.sel_rubric = sel.rubricId;
  // "Latest" = most recently created evaluation of the transcript (ties: the higher id, i.e. stored later). The other
  // contents of the transcript, by its key: the planner would otherwise range over the period index for each row.
  const newerContent = `EXISTS (SELECT 1 FROM production_latest q INDEXED BY production_latest_key WHERE q.rubric_id = p.rubric_id AND q.transcript_id = p.transcript_id
      AND q.content_hash <> p.content_hash ${bound('q.start_ms', epochMsSql).map((c) => `AND ${c}`).join(' ')}
      AND (q.created_at > p.created_at OR (q.created_at = p.created_at AND q.evaluation_id > p.evaluation_id)))`;
  const where = ['p.rubric_id = @sel_rubric', ...bound('p.start_ms', epochMsSql), `NOT ${newerContent}`].join(' AND ');
  return {
    sql: `WITH selected AS (
        SELECT p.evaluation_id, p.transcript_id, p.content_hash, e.run_id AS evaluated_in_run, e.status, e.qa_score, e.auto_fail, e.judge,
               e.rubric_hash, p.rubric_id, rb.version AS rubric_version, p.started_at, p.customer_id, p.agent_id, p.intent,
               ${opts.ordered === false ? 'NULL' : 'ROW_NUMBER() OVER (ORDER BY p.start_ms, p.transcript_id)'} AS ord
        FROM production_latest p
        JOIN evaluations e ON e.id = p.evaluation_id
        JOIN rubrics rb ON rb.hash = e.rubric_hash
        WHERE ${where})`,
    params,
  };
}

/**
 * SQL condition: the conversation of the selected row `alias` (columns customer_id, transcript_id / `tidColumn`,
 * started_at, intent) has a repeat contact: a later conversation of the same customer within `@repeat_window_ms`
 * of its start, from any production run (an eval transcript is nobody's repeat contact), on the same intent where
 * both conversations have one. One lookup in the `production_latest_customer` index; times compare as
 * `julianday()` reads them (any UTC offset). `start`: the row's start in Unix milliseconds, if it has it already.
 */
export function repeatContactSql(alias: string, tidColumn = 'transcript_id', start = epochMsSql(`${alias}.started_at`)): string {
  return `EXISTS (SELECT 1 FROM production_latest rc WHERE rc.customer_id = ${alias}.customer_id
      AND rc.start_ms > ${start} AND rc.start_ms <= ${start} + @repeat_window_ms AND rc.transcript_id <> ${alias}.${tidColumn}
      AND (${alias}.intent IS NULL OR rc.intent IS NULL OR rc.intent = ${alias}.intent))`;
}

/**
 * Writes the selection into a new temporary table (columns of {@link SelectedEvaluation}, `ord` its INTEGER
 * PRIMARY KEY) and returns its name and a function that drops it (call it when done, in a `finally`). A statement that joins it to criterion results in report order
 * then reads it in rowid order and sorts only within each evaluation, where the CTE would sort every joined row
 * (9 rows a conversation with their rationale and evidence: gigabytes at a million conversations).
 */
export function materializeSelection(db: Db, sel: EvaluationSelection): { table: string; drop: () => void } {
  const { sql, params } = selectionCte(sel);
  // A name of its own: two exports may be read at the same time on one connection.
  const table = `temp.selected_evaluations_${++materialized}`;
  db.exec(`CREATE TABLE ${table} (
      ord INTEGER PRIMARY KEY, evaluation_id INTEGER NOT NULL, transcript_id TEXT NOT NULL, content_hash TEXT NOT NULL, evaluated_in_run TEXT NOT NULL,
      status TEXT NOT NULL, qa_score REAL, auto_fail INTEGER NOT NULL, judge TEXT NOT NULL, rubric_hash TEXT NOT NULL, rubric_id TEXT NOT NULL,
      rubric_version TEXT NOT NULL, started_at TEXT NOT NULL, customer_id TEXT NOT NULL, agent_id TEXT, intent TEXT)`);
  db.prepare(
    `${sql} INSERT INTO ${table} SELECT ord, evaluation_id, transcript_id, content_hash, evaluated_in_run, status, qa_score, auto_fail, judge,
       rubric_hash, rubric_id, rubric_version, started_at, customer_id, agent_id, intent FROM selected`,
  ).run(params);
  return { table, drop: () => db.exec(`DROP TABLE IF EXISTS ${table}`) };
}

let materialized = 0;

/** The selected evaluations in report order, read with a cursor. */
export function* selectEvaluations(db: Db, sel: EvaluationSelection): Generator<SelectedEvaluation> {
  const { sql, params } = selectionCte(sel);
  const rows = db.prepare(`${sql} SELECT * FROM selected ORDER BY ord`).iterate(params) as IterableIterator<SelectedEvaluation & { ord: number }>;
  for (const { ord: _ord, ...row } of rows) yield row;
}

/** How many evaluations a selection holds. */
export function countSelection(db: Db, sel: EvaluationSelection): number {
  const { sql, params } = selectionCte(sel, { ordered: false });
  return (db.prepare(`${sql} SELECT COUNT(*) AS n FROM selected`).get(params) as { n: number }).n;
}

/** Rubric ids with at least one production run, for choosing a default and for error messages. */
export function productionRubricIds(db: Db): string[] {
  return (db.prepare(`SELECT DISTINCT r.rubric_id AS id FROM runs r WHERE ${PRODUCTION_RUN} ORDER BY r.rubric_id`).all() as { id: string }[]).map(
    (r) => r.id,
  );
}

/**
 * The rubric a period report is about: the one asked for (it must have production runs), else the only one
 * the database has; a usage error naming the rubrics that exist otherwise.
 */
export function resolvePeriodRubric(db: Db, dbPath: string, wanted: string | undefined): string {
  const ids = productionRubricIds(db);
  if (wanted !== undefined) {
    if (ids.includes(wanted)) return wanted;
    throw new UsageError(
      `no score run of rubric "${wanted}" in ${dbPath}; ${ids.length ? `rubrics with runs: ${ids.join(', ')}` : 'it has no score runs yet'}`,
      'RUBRIC_NOT_FOUND',
    );
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw new UsageError(`no score run in ${dbPath} yet`, 'RUN_NOT_FOUND');
  throw new UsageError(`${dbPath} has runs of several rubrics (${ids.join(', ')}): say which with --rubric ID`, 'RUBRIC_AMBIGUOUS');
}

/** Criterion ids (and their kinds) of every stored version of a rubric, or of one run's rubric. */
export function rubricCriteria(db: Db, sel: EvaluationSelection): Map<string, string> {
  const bodies = (
    sel.runId !== undefined
      ? db.prepare('SELECT rb.body_json FROM runs r JOIN rubrics rb ON rb.hash = r.rubric_hash WHERE r.id = ?').all(sel.runId)
      : db.prepare('SELECT body_json FROM rubrics WHERE id = ?').all(sel.rubricId)
  ) as { body_json: string }[];
  const out = new Map<string, string>();
  for (const { body_json } of bodies) {
    const body = JSON.parse(body_json) as { criteria?: { id: string; kind: string }[] };
    for (const c of body.criteria ?? []) if (!out.has(c.id)) out.set(c.id, c.kind);
  }
  return out;
}
