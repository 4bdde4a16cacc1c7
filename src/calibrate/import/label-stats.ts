import type { EvalItem } from '../eval-set/schema.js';

/** Running counts over written eval items, for the summary an import prints. */
export class LabelStats {
  items = 0;
  /** Number of raters → number of items with that many. */
  readonly ratersPerItem = new Map<number, number>();
  /** Criterion id → label value (as text) → count over all raters. */
  readonly labels = new Map<string, Map<string, number>>();

  /** Counts one item. */
  add(item: EvalItem): void {
    this.items += 1;
    const n = item.human_labels.length;
    this.ratersPerItem.set(n, (this.ratersPerItem.get(n) ?? 0) + 1);
    for (const { labels } of item.human_labels) {
      for (const [criterion, value] of Object.entries(labels)) {
        const counts = this.labels.get(criterion) ?? new Map<string, number>();
        const key = value === null ? 'null' : String(value);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        this.labels.set(criterion, counts);
      }
    }
  }

  /** Lines such as `raters per item: 3×153 4×37` and `auto_csat: 1×15 2×38 …`, keys sorted. */
  format(): string[] {
    const fmt = (m: Map<string | number, number>) =>
      [...m]
        .sort(([a], [b]) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en')))
        .map(([k, v]) => `${k}×${v}`)
        .join(' ') || '(none)';
    const out = [`raters per item: ${fmt(this.ratersPerItem)}`];
    for (const [criterion, counts] of [...this.labels].sort(([a], [b]) => a.localeCompare(b, 'en'))) out.push(`${criterion}: ${fmt(counts)}`);
    return out;
  }
}
