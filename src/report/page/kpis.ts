import type { KpiBucketRow, Period } from '../../store/report-aggregates.js';
import type { Kpi, KpiUnit } from './report-data.js';

/** Per period (or bucket): what the KPIs are computed from, besides the conversation sums. */
export interface KpiExtras {
  /** Conversations with at least one failed rule. */
  violating: number;
  verdicts: number;
  verdict_errors: number;
}

interface KpiDef {
  id: string;
  /** `{window}`: the repeat-contact window in hours (`--window-hours`). */
  label: string;
  unit: KpiUnit;
  better: Kpi['better'];
  value: (r: KpiBucketRow, x: KpiExtras) => { value: number | null; n: number };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The Overview KPIs, in display order. */
export const KPI_DEFS: readonly KpiDef[] = [
  { id: 'qa_score', label: 'QA score', unit: 'score', better: 'up', value: (r) => ({ value: ratio(r.qa_sum, r.qa_n), n: r.qa_n }) },
  { id: 'true_resolution', label: 'True resolution', unit: 'rate', better: 'up', value: (r) => ({ value: ratio(r.true_resolved, r.n), n: r.n }) },
  { id: 'deflection', label: 'Deflection (kept from humans)', unit: 'rate', better: 'none', value: (r) => ({ value: ratio(r.bot_contained, r.n), n: r.n }) },
  { id: 'bot_true_resolution', label: 'Truly resolved by the bot', unit: 'rate', better: 'up', value: (r) => ({ value: ratio(r.bot_true_resolved, r.n), n: r.n }) },
  { id: 'auto_csat', label: 'Auto-CSAT (judge)', unit: 'csat', better: 'up', value: (r) => ({ value: ratio(r.auto_csat_sum, r.auto_csat_n), n: r.auto_csat_n }) },
  { id: 'survey_csat', label: 'Survey CSAT (customers)', unit: 'csat', better: 'up', value: (r) => ({ value: ratio(r.survey_csat_sum, r.survey_csat_n), n: r.survey_csat_n }) },
  { id: 'ces', label: 'CES (survey)', unit: 'ces', better: 'up', value: (r) => ({ value: ratio(r.ces_sum, r.ces_n), n: r.ces_n }) },
  {
    id: 'nps',
    label: 'NPS (survey)',
    unit: 'nps',
    better: 'up',
    value: (r) => ({ value: r.nps_n > 0 ? ((r.nps_promoters - r.nps_detractors) / r.nps_n) * 100 : null, n: r.nps_n }),
  },
  { id: 'repeat_contact', label: 'Repeat contact ≤ {window} h', unit: 'rate', better: 'down', value: (r) => ({ value: ratio(r.repeat_contact, r.n), n: r.n }) },
  { id: 'escalation_rate', label: 'Escalation (bot → human)', unit: 'rate', better: 'none', value: (r) => ({ value: ratio(r.handed_off, r.n), n: r.n }) },
  { id: 'handoff_quality', label: 'Hand-off quality', unit: 'rate', better: 'up', value: (r) => ({ value: ratio(r.handoff_pass, r.handoff_judged), n: r.handoff_judged }) },
  {
    id: 'violations_per_1000',
    label: 'Violations per 1,000 conversations',
    unit: 'per_1000',
    better: 'down',
    value: (r, x) => ({ value: r.n > 0 ? (x.violating / r.n) * 1000 : null, n: r.n }),
  },
  { id: 'judge_error_rate', label: 'Judge error rate', unit: 'rate', better: 'down', value: (r, x) => ({ value: ratio(x.verdict_errors, x.verdicts), n: x.verdicts }) },
  { id: 'cost_per_conversation', label: 'Cost per conversation', unit: 'usd', better: 'down', value: (r) => ({ value: r.cost_n > 0 ? r.cost_sum / r.n : null, n: r.cost_n }) },
];

/** The bucket rows of one period summed into one row. */
export function sumRows(rows: readonly KpiBucketRow[], period: Period): KpiBucketRow {
  const out = { period, bucket: '' } as Record<string, unknown>;
  for (const r of rows) {
    if (r.period !== period) continue;
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') out[k] = ((out[k] as number | undefined) ?? 0) + v;
  }
  for (const d of Object.keys(emptyRow())) out[d] ??= 0;
  return out as unknown as KpiBucketRow;
}

function emptyRow(): Omit<KpiBucketRow, 'period' | 'bucket'> {
  return {
    n: 0, failed: 0, partial: 0, qa_n: 0, qa_sum: 0, qa_left_out: 0, auto_fail: 0, bot_contained: 0, bot_true_resolved: 0, resolved: 0,
    true_resolved: 0, pending: 0, resolution_judged: 0, repeat_contact: 0, handed_off: 0, handoff_judged: 0, handoff_pass: 0, abandoned_after_handoff: 0,
    survey_csat_n: 0, survey_csat_sum: 0, ces_n: 0, ces_sum: 0, nps_n: 0, nps_promoters: 0, nps_detractors: 0, auto_csat_n: 0,
    auto_csat_sum: 0, cost_n: 0, cost_sum: 0,
  };
}

export function emptyBucketRow(period: Period, bucket: string): KpiBucketRow {
  return { period, bucket, ...emptyRow() };
}

const ROUND: Record<KpiUnit, number> = { score: 100, rate: 10_000, csat: 100, ces: 100, nps: 10, per_1000: 10, usd: 1_000_000 };

export function round(unit: KpiUnit, x: number | null): number | null {
  return x === null ? null : Math.round(x * ROUND[unit]) / ROUND[unit];
}

/** The KPI cards: each value beside the previous period's. */
export function computeKpis(cur: KpiBucketRow, prev: KpiBucketRow, curX: KpiExtras, prevX: KpiExtras, windowHours: number): Kpi[] {
  return KPI_DEFS.map((d) => {
    const a = d.value(cur, curX);
    const b = d.value(prev, prevX);
    const value = round(d.unit, a.value);
    const previous = round(d.unit, b.value);
    const kpi: Kpi = {
      id: d.id,
      label: d.label.replace('{window}', String(windowHours)),
      unit: d.unit,
      better: d.better,
      value,
      previous,
      change: value !== null && previous !== null ? round(d.unit, value - previous) : null,
      n: a.n,
      previous_n: b.n,
    };
    if (d.id === 'qa_score' && cur.qa_left_out > 0) kpi.note = `${cur.qa_left_out} partly judged conversation${cur.qa_left_out === 1 ? '' : 's'} without a QA score left out of the mean`;
    if ((d.id === 'true_resolution' || d.id === 'bot_true_resolution') && cur.pending > 0)
      kpi.note = `${cur.pending} resolved conversation${cur.pending === 1 ? '' : 's'} still inside the repeat-contact window: pending, not counted as truly resolved yet`;
    if (d.id === 'cost_per_conversation' && cur.cost_n > 0 && cur.cost_n < cur.n) kpi.note = `cost known for ${cur.cost_n} of ${cur.n} conversations`;
    return kpi;
  });
}

/** One series per KPI over the buckets (null where a bucket has nothing to compute from). */
export function computeTrendSeries(
  buckets: readonly string[],
  rows: ReadonlyMap<string, KpiBucketRow>,
  extras: ReadonlyMap<string, KpiExtras>,
): Record<string, (number | null)[]> {
  const series: Record<string, (number | null)[]> = {};
  for (const d of KPI_DEFS) {
    series[d.id] = buckets.map((b) => {
      const row = rows.get(b);
      if (!row || row.n === 0) return null;
      return round(d.unit, d.value(row, extras.get(b) ?? { violating: 0, verdicts: 0, verdict_errors: 0 }).value);
    });
  }
  series['conversations'] = buckets.map((b) => rows.get(b)?.n ?? 0);
  return series;
}

/** The headline: deflection is not resolution. */
export function headline(cur: KpiBucketRow, windowHours: number): string {
  if (cur.n === 0) return 'No conversations in this period.';
  const pct = (x: number) => `${((x / cur.n) * 100).toFixed(1)} %`;
  return (
    `The bot kept ${pct(cur.bot_contained)} of conversations from humans and truly resolved ${pct(cur.bot_true_resolved)}` +
    ` (resolved, and the customer did not come back within ${windowHours} h); ${pct(cur.bot_contained - cur.bot_true_resolved)} were kept from humans but not truly resolved.`
  );
}
