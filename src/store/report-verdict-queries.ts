import type { Bucket, Period } from './report-kpi-queries.js';
import type { Db } from './open-database.js';
import { REPORT_TABLE } from './report-conversation-table.js';

/** Criterion-verdict queries of the report (criteria, drift, coaching, judge health) over `temp.report_conv` joined to criterion results. */

/** Criterion verdicts per period (and day/week), by value: the base of pass rates, drift and judge error rates. */
export interface CriterionValueRow {
  period: Period;
  bucket: string;
  criterion_id: string;
  value_json: string;
  na: number;
  error_code: string | null;
  unverified: number;
  n: number;
}

/** Criterion verdicts of the current period per human agent or per bot, by value. */
export interface EntityValueRow {
  entity: string;
  criterion_id: string;
  value_json: string;
  na: number;
  error_code: string | null;
  n: number;
  /** Conversations with such a verdict: `n`, as an evaluation has one verdict per criterion. */
  conversations: number;
}

/** Every grouping of the period's criterion verdicts the report needs, from one pass over criterion results. */
export interface VerdictCounts {
  /** Per period and day/week, in (period, bucket, criterion, value, N/A, error) order. */
  values: CriterionValueRow[];
  /** Current period per human agent (handled by a human with an agent id), in (agent, criterion, value, N/A, error) order. */
  agents: EntityValueRow[];
  /** Current period per bot, same order. */
  bots: EntityValueRow[];
}

/**
 * One pass over the criterion results of `temp.report_conv` (9 verdicts a conversation: at 1M conversations the
 * largest read of a report), grouped by period, bucket, criterion, value, N/A and error and then by agent and bot;
 * the three views are sums of those groups. `criterion_results_verdicts` covers every column read here (INDEXED BY:
 * SQLite otherwise chose the primary key and read every result's rationale and evidence).
 *
 * Sorting 9M verdicts by eight columns was most of the time (20 s at 1M), so the grouping is in two steps: first
 * each conversation's verdicts become one JSON array, in index order (no sort: the period table by eid, its results
 * by the covering index), then conversations are grouped by period, bucket, agent, bot and that array, which sorts
 * 1M rows instead of 9M; the few thousand groups are split here and summed per verdict.
 */
export function verdictCounts(db: Db, bucket: Bucket): VerdictCounts {
  const rows = db
    .prepare(
      `SELECT period, bucket, agent, bot, verdicts, COUNT(*) AS n FROM (
         SELECT c.period, c.${bucket} AS bucket, CASE WHEN c.handler = 'human' THEN c.agent_id END AS agent, c.bot,
                json_group_array(json_array(cr.criterion_id, cr.value_json, cr.na, cr.error_code, instr(cr.evidence_json, '"verified":false') > 0)) AS verdicts
         FROM ${REPORT_TABLE} c CROSS JOIN criterion_results cr INDEXED BY criterion_results_verdicts ON cr.evaluation_id = c.eid
         GROUP BY c.eid)
       GROUP BY period, bucket, agent, bot, verdicts`,
    )
    .raw()
    .all() as [Period, string, string | null, string | null, string, number][];
  const values = new Map<string, CriterionValueRow>();
  const agents = new Map<string, EntityValueRow>();
  const bots = new Map<string, EntityValueRow>();
  const add = (into: Map<string, EntityValueRow>, entity: string, criterion_id: string, value_json: string, na: number, error_code: string | null, n: number) => {
    const key = JSON.stringify([entity, criterion_id, value_json, na, error_code]);
    const row = into.get(key);
    if (row) {
      row.n += n;
      row.conversations += n;
    } else into.set(key, { entity, criterion_id, value_json, na, error_code, n, conversations: n });
  };
  for (const [period, b, agent, bot, verdicts, n] of rows) {
    for (const [criterion_id, value_json, na, error_code, unverified] of JSON.parse(verdicts) as [string, string, number, string | null, number][]) {
      const key = JSON.stringify([period, b, criterion_id, value_json, na, error_code]);
      const row = values.get(key);
      if (row) {
        row.n += n;
        row.unverified += unverified * n;
      } else values.set(key, { period, bucket: b, criterion_id, value_json, na, error_code, unverified: unverified * n, n });
      if (period !== 'cur') continue;
      if (agent !== null) add(agents, agent, criterion_id, value_json, na, error_code, n);
      if (bot !== null) add(bots, bot, criterion_id, value_json, na, error_code, n);
    }
  }
  const byKey = (x: CriterionValueRow, y: CriterionValueRow) =>
    cmpBytes(x.period, y.period) ||
    cmpBytes(x.bucket, y.bucket) ||
    cmpBytes(x.criterion_id, y.criterion_id) ||
    cmpBytes(x.value_json, y.value_json) ||
    cmpBytes(x.na, y.na) ||
    cmpBytes(x.error_code, y.error_code);
  return { values: [...values.values()].sort(byKey), agents: sortEntityRows([...agents.values()]), bots: sortEntityRows([...bots.values()]) };
}

/**
 * SQLite's ORDER BY exactly: NULL first, numbers before text, text by UTF-8 bytes (that is, by code point: a UTF-16
 * code unit of a surrogate pair sorts after U+E000–U+FFFF).
 */
function cmpBytes(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' || typeof b === 'number') return typeof a !== 'number' ? 1 : typeof b !== 'number' ? -1 : a < b ? -1 : 1;
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) < codePointOrder(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

function codePointOrder(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit;
}

/** SQLite's order: NULL first, then text by bytes (code units for the ids and JSON values stored here). */
function cmp(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function sortEntityRows(rows: EntityValueRow[]): EntityValueRow[] {
  return rows.sort(
    (x, y) => cmp(x.entity, y.entity) || cmp(x.criterion_id, y.criterion_id) || cmp(x.value_json, y.value_json) || cmp(x.na, y.na) || cmp(x.error_code, y.error_code),
  );
}

export interface EntityRow {
  entity: string;
  n: number;
  qa_mean: number | null;
  auto_fail: number;
}

export function entities(db: Db, kind: 'agent' | 'bot'): EntityRow[] {
  const entity = kind === 'agent' ? 'agent_id' : 'bot';
  const where = kind === 'agent' ? "handler = 'human' AND agent_id IS NOT NULL" : 'bot IS NOT NULL';
  return db
    .prepare(
      `SELECT ${entity} AS entity, COUNT(*) AS n, AVG(CASE WHEN status != 'failed' THEN qa_score END) AS qa_mean, SUM(auto_fail) AS auto_fail
       FROM ${REPORT_TABLE} WHERE period = 'cur' AND ${where} GROUP BY ${entity} ORDER BY n DESC, entity`,
    )
    .all() as EntityRow[];
}

/** Up to `perGroup` conversations per (entity, criterion) where the criterion failed: evidence first, lowest QA score first (see {@link betterExample}); by entity, criterion and rank. */
export interface ExampleRow {
  entity: string;
  criterion_id: string;
  tid: string;
}

/** The (entity, criterion) pairs coaching wants examples of, per human agent and per bot. */
export interface WantedExamples {
  agent: readonly { entity: string; criterion_id: string }[];
  bot: readonly { entity: string; criterion_id: string }[];
}

/**
 * Coaching examples of human agents and bots, from one pass over the current period's criterion results (one pass
 * per kind read every result twice: 6.5 s of a 1M-conversation report). `failing`: the (criterion, value) pairs that
 * are failures (a failure is one whoever handled the conversation).
 */
export function failingExamples(
  db: Db,
  failing: readonly { criterion_id: string; value_json: string }[],
  wanted: WantedExamples,
  perGroup = 3,
): { agent: ExampleRow[]; bot: ExampleRow[] } {
  if (failing.length === 0 || wanted.agent.length + wanted.bot.length === 0) return { agent: [], bot: [] };
  const pairs = (list: readonly { entity: string; criterion_id: string }[]) => JSON.stringify(list.map((w) => [w.entity, w.criterion_id]));
  const rows = db
    .prepare(
      // CROSS JOIN keeps the period table outermost: otherwise SQLite builds an automatic index over every
      // criterion result of the database (9M rows at 1M conversations). INDEXED BY: the covering index holds the
      // evidence test, so no result's rationale or evidence is read. The best few per group are kept below as the
      // rows stream: ranking them in SQL (ROW_NUMBER over every failing verdict) sorted them all.
      `WITH fail(criterion_id, value_json) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@failing)),
            want_agent(entity, criterion_id) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@agents)),
            want_bot(entity, criterion_id) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@bots))
       SELECT * FROM (
         SELECT CASE WHEN c.handler = 'human' AND c.agent_id IS NOT NULL AND (c.agent_id, cr.criterion_id) IN (SELECT entity, criterion_id FROM want_agent)
                     THEN c.agent_id END AS agent,
                CASE WHEN c.bot IS NOT NULL AND (c.bot, cr.criterion_id) IN (SELECT entity, criterion_id FROM want_bot) THEN c.bot END AS bot,
                cr.criterion_id, c.tid, cr.evidence_json != '[]', c.qa_score, c.started_at
         FROM ${REPORT_TABLE} c CROSS JOIN criterion_results cr INDEXED BY criterion_results_verdicts ON cr.evaluation_id = c.eid
         WHERE c.period = 'cur' AND cr.na = 0 AND cr.error_code IS NULL
           AND (cr.criterion_id, cr.value_json) IN (SELECT criterion_id, value_json FROM fail))
       WHERE agent IS NOT NULL OR bot IS NOT NULL`,
    )
    .raw()
    .iterate({
      failing: JSON.stringify(failing.map((f) => [f.criterion_id, f.value_json])),
      agents: pairs(wanted.agent),
      bots: pairs(wanted.bot),
    }) as IterableIterator<[string | null, string | null, string, string, number, number | null, string]>;
  const agents = new BestExamples(perGroup);
  const bots = new BestExamples(perGroup);
  for (const [agent, bot, criterionId, tid, evidence, qa, startedAt] of rows) {
    const example = { tid, evidence, qa, startedAt };
    if (agent !== null) agents.add(agent, criterionId, example);
    if (bot !== null) bots.add(bot, criterionId, example);
  }
  return { agent: agents.rows(), bot: bots.rows() };
}

/** The best `limit` examples of each (entity, criterion), kept as they come. */
class BestExamples {
  // entity -> criterion -> its best examples, best first
  private readonly best = new Map<string, Map<string, Example[]>>();
  constructor(private readonly limit: number) {}

  add(entity: string, criterionId: string, example: Example): void {
    let byCriterion = this.best.get(entity);
    if (!byCriterion) this.best.set(entity, (byCriterion = new Map()));
    let top = byCriterion.get(criterionId);
    if (!top) byCriterion.set(criterionId, (top = []));
    keepBest(top, example, this.limit);
  }

  /** By entity, criterion (SQLite's text order) and rank. */
  rows(): ExampleRow[] {
    const out: ExampleRow[] = [];
    for (const entity of [...this.best.keys()].sort(cmpBytes)) {
      const byCriterion = this.best.get(entity)!;
      for (const criterion_id of [...byCriterion.keys()].sort(cmpBytes)) {
        for (const ex of byCriterion.get(criterion_id)!) out.push({ entity, criterion_id, tid: ex.tid });
      }
    }
    return out;
  }
}

/** A failing verdict as coaching ranks it. */
interface Example {
  tid: string;
  /** 1 when the verdict quotes evidence. */
  evidence: number;
  qa: number | null;
  startedAt: string;
}

/**
 * Which example shows a failure best: one with evidence first, then the lowest QA score (none first, as SQLite sorts
 * NULL), then the latest start, then the transcript id (so ties never depend on the order rows are read in).
 */
function betterExample(a: Example, b: Example): boolean {
  if (a.evidence !== b.evidence) return a.evidence > b.evidence;
  if (a.qa !== b.qa) return a.qa === null || (b.qa !== null && a.qa < b.qa);
  if (a.startedAt !== b.startedAt) return a.startedAt > b.startedAt;
  return a.tid < b.tid;
}

/** Inserts `ex` into `top` (best first) when it is among the best `limit`. */
function keepBest(top: Example[], ex: Example, limit: number): void {
  let i = top.length;
  while (i > 0 && betterExample(ex, top[i - 1]!)) i -= 1;
  if (i >= limit) return;
  top.splice(i, 0, ex);
  if (top.length > limit) top.pop();
}

/** Error codes of the current period's criterion verdicts. */
export function errorCodes(db: Db): { error_code: string; n: number }[] {
  return db
    .prepare(
      `SELECT cr.error_code, COUNT(*) AS n FROM ${REPORT_TABLE} c JOIN criterion_results cr ON cr.evaluation_id = c.eid
       WHERE c.period = 'cur' AND cr.error_code IS NOT NULL GROUP BY cr.error_code ORDER BY n DESC`,
    )
    .all() as { error_code: string; n: number }[];
}

/** Panel-disputed verdicts of the current period: still open, or settled by a human decision (`cxqa review decide`). */
export function disputeCounts(db: Db, rubricId: string): { open: number; decided: number } {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(d.id IS NULL), 0) AS open, COALESCE(SUM(d.id IS NOT NULL), 0) AS decided
       FROM ${REPORT_TABLE} c JOIN evaluations e ON e.id = c.eid JOIN criterion_results cr ON cr.evaluation_id = c.eid
       LEFT JOIN latest_human_decisions d ON d.transcript_id = c.tid AND d.content_hash = e.content_hash AND d.rubric_id = @rubric AND d.criterion_id = cr.criterion_id
       WHERE c.period = 'cur' AND cr.error_code = 'PANEL_DISPUTED'`,
    )
    .get({ rubric: rubricId }) as { open: number; decided: number };
  return row;
}
