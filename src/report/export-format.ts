import { stringify } from 'csv-stringify/sync';
import type { ExportRecord } from './export-records.js';

export type ExportFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = [
  'transcript_id',
  'run_id',
  'status',
  'qa_score',
  'auto_fail',
  'criterion',
  'value',
  'na',
  'rationale',
  'evidence',
  'judge',
  'error_code',
  'na_code',
] as const;

/** One JSON line per transcript. */
export function toJsonl(record: ExportRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function csvHeader(): string {
  return stringify([[...CSV_COLUMNS]]);
}

/**
 * One CSV row per criterion of a transcript. Evidence becomes `#3 "quote"; #5 "quote" [unverified]`: a quote
 * the checker did not find in the message it cites is marked, as `"verified": false` marks it in JSONL.
 */
export function toCsvRows(record: ExportRecord): string {
  const rows = Object.entries(record.criteria).map(([id, c]) => [
    record.transcript_id,
    record.run_id,
    record.status,
    record.qa_score ?? '',
    record.auto_fail ? 'true' : 'false',
    id,
    c.value ?? '',
    c.na ? 'true' : 'false',
    c.rationale,
    c.evidence.map((e) => `#${e.message} "${e.quote}"${e.verified === false ? ' [unverified]' : ''}`).join('; '),
    c.judge,
    c.error?.code ?? '',
    c.na_code ?? '',
  ]);
  return stringify(rows);
}
