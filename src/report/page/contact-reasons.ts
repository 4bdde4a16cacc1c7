import { eng, removeStopwords } from 'stopword';
import type { IntentRow, StatedReasonRow } from '../../store/report-aggregates.js';
import type { IntentOutcome, StatedReasonGroup } from './report-data.js';

const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

/** Words that say nothing about a contact reason in customer service, on top of the English stop words. */
const SERVICE_STOP_WORDS = ['hi', 'hello', 'hey', 'please', 'thanks', 'thank', 'help', 'need', 'want', 'can', 'could', 'would', 'just', 'get', 'got', 'im', 'ive', 'dont', 'cant', 'still'];
const STOP = [...eng, ...SERVICE_STOP_WORDS];

export function intentOutcomes(rows: readonly IntentRow[]): IntentOutcome[] {
  return rows
    .filter((r) => r.intent !== null && (r.n > 0 || r.previous_n > 0))
    .map((r) => ({
      intent: r.intent!,
      n: r.n,
      previous_n: r.previous_n,
      this_week: r.this_week,
      last_week: r.last_week,
      resolved_rate: share(r.resolved, r.n),
      true_resolution_rate: share(r.true_resolved, r.n),
      escalation_rate: share(r.handed_off, r.n),
      qa_mean: r.qa_n > 0 ? Math.round((r.qa_sum / r.qa_n) * 100) / 100 : null,
      auto_fail: r.auto_fail,
    }));
}

export function tokenize(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !/^\d+$/.test(w));
  return removeStopwords(words, STOP);
}

/**
 * Groups the stated reasons (first customer messages of conversations without an intent) by keyword: each
 * reason goes to its word with the highest TF-IDF among words that occur in at least two reasons (stop words
 * from the `stopword` package removed). Weeks: `weekStart` (unix ms) starts "this week"; "last week" is the 7 days before.
 */
export function groupStatedReasons(rows: readonly StatedReasonRow[], weekStart: number, maxGroups = 30): StatedReasonGroup[] {
  const docs = rows.map((r) => ({ row: r, tokens: tokenize(r.reason) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(d.tokens)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const groups = new Map<string, { rows: StatedReasonRow[]; terms: Map<string, number> }>();
  for (const d of docs) {
    const tf = new Map<string, number>();
    for (const w of d.tokens) tf.set(w, (tf.get(w) ?? 0) + 1);
    let best: string | undefined;
    let bestScore = -1;
    for (const [w, f] of tf) {
      const docFreq = df.get(w) ?? 0;
      if (docFreq < 2 && n > 1) continue;
      const score = (f / d.tokens.length) * Math.log(1 + n / docFreq);
      if (score > bestScore || (score === bestScore && best !== undefined && w < best)) {
        best = w;
        bestScore = score;
      }
    }
    const key = best ?? '(other)';
    const g = groups.get(key) ?? { rows: [], terms: new Map<string, number>() };
    g.rows.push(d.row);
    for (const w of tf.keys()) if (w !== key) g.terms.set(w, (g.terms.get(w) ?? 0) + 1);
    groups.set(key, g);
  }
  return [...groups]
    .map(([keyword, g]) => {
      const current = g.rows.filter((r) => r.period === 'cur');
      return {
        keyword,
        terms: [...g.terms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([w]) => w),
        n: current.length,
        this_week: g.rows.filter((r) => r.ts >= weekStart).length,
        last_week: g.rows.filter((r) => r.ts >= weekStart - 7 * 86_400_000 && r.ts < weekStart).length,
        resolved_rate: share(current.filter((r) => r.resolution === 'resolved').length, current.length),
        examples: current.slice(0, 3).map((r) => r.tid),
      };
    })
    .filter((g) => g.n > 0 || g.last_week > 0)
    .sort((a, b) => b.n - a.n || a.keyword.localeCompare(b.keyword))
    .slice(0, maxGroups);
}

/** Intents and stated-reason groups rising fastest: this week's count minus last week's, then the relative rise. */
export function risingReasons(intents: readonly IntentOutcome[], stated: readonly StatedReasonGroup[], limit = 10) {
  const all = [
    ...intents.map((i) => ({ label: i.intent, kind: 'intent' as const, this_week: i.this_week, last_week: i.last_week })),
    ...stated.filter((s) => s.keyword !== '(other)').map((s) => ({ label: s.keyword, kind: 'stated' as const, this_week: s.this_week, last_week: s.last_week })),
  ];
  return all
    .filter((r) => r.this_week > r.last_week)
    .sort((a, b) => b.this_week - b.last_week - (a.this_week - a.last_week) || b.this_week / (b.last_week + 1) - a.this_week / (a.last_week + 1) || a.label.localeCompare(b.label))
    .slice(0, limit);
}
