import type { BatchCollectReport } from '../run/batch/collect-batches.js';
import type { BatchRepository, BatchRow } from '../store/batch-repository.js';

/** One line per collected batch, for stderr-free human output on stdout. */
export function formatCollectReport(r: BatchCollectReport): string {
  if (r.status === 'failed') {
    const errors = r.errors.map((e) => `${e.code}${e.line != null ? ` (line ${e.line})` : ''}: ${e.message}`).join('; ');
    return `batch ${r.id} (${r.provider}, ${r.judge}) failed: ${errors}`;
  }
  const parts = [`${r.stored} transcripts stored`];
  if (r.partial || r.failed) parts.push(`${r.partial} partial, ${r.failed} failed`);
  if (r.erroredRequests) parts.push(`${r.erroredRequests} requests errored`);
  if (r.expiredRequests) parts.push(`${r.expiredRequests} requests ${r.status === 'cancelled' ? 'cancelled' : 'expired'} (submitted again by the next score --mode batch)`);
  return `batch ${r.id} (${r.provider}, ${r.judge}) ${r.status}: ${parts.join(', ')}`;
}

/** A row of `cxqa batch status`. */
export interface BatchStatusRow {
  id: string;
  provider: string;
  judge: string;
  run_id: string;
  status: string;
  provider_status: string;
  requests: number;
  items: Record<string, number>;
  request_counts: Record<string, number> | null;
  errors: unknown[] | null;
  created_at: string;
  updated_at: string;
}

export function statusRow(row: BatchRow, repo: BatchRepository): BatchStatusRow {
  return {
    id: row.id,
    provider: row.provider,
    judge: row.judge,
    run_id: row.run_id,
    status: row.status,
    provider_status: row.provider_status,
    requests: row.request_count,
    items: repo.itemCounts(row.id) as Record<string, number>,
    request_counts: row.request_counts_json ? (JSON.parse(row.request_counts_json) as Record<string, number>) : null,
    errors: row.errors_json ? (JSON.parse(row.errors_json) as unknown[]) : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A plain-text table of batches. */
export function formatStatusTable(rows: readonly BatchStatusRow[]): string {
  if (rows.length === 0) return 'no provider batches in this database\n';
  const header = ['batch', 'provider', 'judge', 'status', 'provider status', 'requests', 'items', 'created'];
  const lines = rows.map((r) => [
    r.id,
    r.provider,
    r.judge,
    r.status,
    r.provider_status,
    String(r.requests),
    Object.entries(r.items)
      .map(([k, n]) => `${k} ${n}`)
      .join(', '),
    r.created_at,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(header), ...lines.map(fmt)].join('\n') + '\n';
}
