import { checkDrift, DRIFT_PSI_THRESHOLD } from '../../metrics/drift.js';
import { normalisedScore } from '../../rubric/qa-score.js';
import type { Criterion } from '../../rubric/schema.js';
import type { CriterionValueRow, EntityRow, EntityValueRow } from '../../store/report-aggregates.js';
import type { CoachingEntity, CriterionRate, DriftResult } from './report-data.js';

/** Whether a stored verdict passes its criterion: normalised score ≥ pass_score; null when N/A, an error, or unscored. */
export function verdictPasses(criterion: Criterion | undefined, valueJson: string, na: number, errorCode: string | null): boolean | null {
  if (!criterion || errorCode !== null) return null;
  const value = JSON.parse(valueJson) as string | number | null;
  const score = normalisedScore(criterion, { criterion: criterion.id, value, na: na === 1, rationale: '', evidence: [], judge: '', error: null });
  if (score === null || (na === 1 && criterion.na.score !== 'pass')) return null;
  return score >= criterion.pass_score;
}

interface PassCount {
  pass: number;
  judged: number;
}

function passCounts(rows: Iterable<{ criterion_id: string; value_json: string; na: number; error_code: string | null; n: number }>, criteria: ReadonlyMap<string, Criterion>) {
  const out = new Map<string, PassCount>();
  for (const r of rows) {
    const p = verdictPasses(criteria.get(r.criterion_id), r.value_json, r.na, r.error_code);
    if (p === null) continue;
    const c = out.get(r.criterion_id) ?? { pass: 0, judged: 0 };
    c.judged += r.n;
    if (p) c.pass += r.n;
    out.set(r.criterion_id, c);
  }
  return out;
}

const rate = (c: PassCount | undefined) => (c && c.judged > 0 ? Math.round((c.pass / c.judged) * 10_000) / 10_000 : null);

export function criterionRates(rows: readonly CriterionValueRow[], criteria: ReadonlyMap<string, Criterion>): CriterionRate[] {
  const cur = passCounts(rows.filter((r) => r.period === 'cur'), criteria);
  const prev = passCounts(rows.filter((r) => r.period === 'prev'), criteria);
  return [...criteria.values()].map((c) => ({
    id: c.id,
    title: c.title,
    kind: c.kind,
    judged: cur.get(c.id)?.judged ?? 0,
    pass_rate: rate(cur.get(c.id)),
    previous_pass_rate: rate(prev.get(c.id)),
  }));
}

/** The value a verdict is counted under for drift: its value, or `N/A`; errors are left out. */
function driftKey(r: { value_json: string; na: number }): string {
  return r.na === 1 ? 'N/A' : String(JSON.parse(r.value_json));
}

/** PSI per criterion, current vs previous period. */
export function criterionDrift(rows: readonly CriterionValueRow[], criteria: ReadonlyMap<string, Criterion>, threshold = DRIFT_PSI_THRESHOLD): DriftResult[] {
  const dist = new Map<string, { cur: Record<string, number>; prev: Record<string, number> }>();
  for (const r of rows) {
    if (r.error_code !== null) continue;
    const d = dist.get(r.criterion_id) ?? { cur: {}, prev: {} };
    const side = r.period === 'cur' ? d.cur : d.prev;
    const k = driftKey(r);
    side[k] = (side[k] ?? 0) + r.n;
    dist.set(r.criterion_id, d);
  }
  return [...criteria.values()].map((c) => {
    const d = dist.get(c.id) ?? { cur: {}, prev: {} };
    const check = checkDrift(d.cur, d.prev, threshold);
    const out: DriftResult = { criterion: c.id, title: c.title, psi: check.psi, threshold, flagged: check.flagged, n: check.n, previous_n: check.previous_n, current: d.cur, previous: d.prev };
    if (check.note) out.note = check.note;
    return out;
  });
}

/** Pass/fail values that count as a failure, for picking coaching examples. */
export function failingValues(rows: readonly { criterion_id: string; value_json: string; na: number; error_code: string | null }[], criteria: ReadonlyMap<string, Criterion>) {
  const seen = new Map<string, { criterion_id: string; value_json: string }>();
  for (const r of rows) {
    if (r.na === 1 || r.error_code !== null) continue;
    if (verdictPasses(criteria.get(r.criterion_id), r.value_json, 0, null) === false) seen.set(`${r.criterion_id}\u0000${r.value_json}`, { criterion_id: r.criterion_id, value_json: r.value_json });
  }
  return [...seen.values()];
}

/** Per agent or bot: every criterion's pass rate against the whole team's, weakest first. */
export function coachingEntities(
  kind: 'agent' | 'bot',
  list: readonly EntityRow[],
  values: readonly EntityValueRow[],
  criteria: ReadonlyMap<string, Criterion>,
): CoachingEntity[] {
  const team = passCounts(values, criteria);
  const byEntity = new Map<string, EntityValueRow[]>();
  for (const v of values) byEntity.set(v.entity, [...(byEntity.get(v.entity) ?? []), v]);
  return list.map((e) => {
    const mine = passCounts(byEntity.get(e.entity) ?? [], criteria);
    const rows = [...criteria.values()]
      .filter((c) => mine.has(c.id))
      .map((c) => {
        const pass_rate = rate(mine.get(c.id));
        const team_pass_rate = rate(team.get(c.id));
        return {
          id: c.id,
          title: c.title,
          judged: mine.get(c.id)!.judged,
          pass_rate,
          team_pass_rate,
          gap: pass_rate !== null && team_pass_rate !== null ? Math.round((pass_rate - team_pass_rate) * 10_000) / 10_000 : null,
          examples: [] as string[],
        };
      })
      .sort((a, b) => (a.gap ?? 0) - (b.gap ?? 0) || (a.pass_rate ?? 1) - (b.pass_rate ?? 1) || a.id.localeCompare(b.id));
    return { kind, id: e.entity, conversations: e.n, qa_mean: e.qa_mean === null ? null : Math.round(e.qa_mean * 100) / 100, auto_fail: e.auto_fail, criteria: rows };
  });
}
