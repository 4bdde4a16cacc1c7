import { stringify } from 'csv-stringify/sync';
import type { FindingRecord } from '../store/finding-queries.js';

/** Columns of `cxqa violations --format csv`, in order; JSONL lines carry the same keys. */
export const VIOLATION_COLUMNS = [
  'finding_id',
  'created_at',
  'run_id',
  'transcript_id',
  'conversation_started_at',
  'agent_id',
  'criterion_id',
  'rule_check',
  'severity',
  'message_index',
  'matched_text',
  'policy',
  'rationale',
  'rubric_id',
  'rubric_version',
  'rubric_hash',
  'judge',
  'judge_fingerprint',
  'evaluation_id',
  'content_hash',
] as const satisfies readonly (keyof FindingRecord)[];

export function violationsCsvHeader(): string {
  return stringify([[...VIOLATION_COLUMNS]]);
}

export function violationCsvRow(f: FindingRecord): string {
  return stringify([VIOLATION_COLUMNS.map((c) => f[c] ?? '')]);
}

/** One JSON object per finding, keys in the CSV column order. */
export function violationJsonl(f: FindingRecord): string {
  return `${JSON.stringify(Object.fromEntries(VIOLATION_COLUMNS.map((c) => [c, f[c]])))}\n`;
}
