import type { Evidence, VerdictError } from '../values/verdict.js';

/** The columns of `criterion_results` that make up one stored verdict. */
export const STORED_VERDICT_COLUMNS = 'criterion_id, kind, value_json, na, rationale, evidence_json, judge, error_code, error_message, na_code';

/** One `criterion_results` row as SQLite returns it (JSON text, 0/1 flags). */
export interface StoredVerdictRow {
  criterion_id: string;
  kind: string;
  value_json: string;
  na: number;
  rationale: string;
  evidence_json: string;
  judge: string;
  error_code: string | null;
  error_message: string | null;
  na_code: string | null;
}

/** One stored criterion verdict, decoded: what callers of the store see, whatever the backend's column types. */
export interface StoredVerdict {
  criterion: string;
  kind: string;
  value: number | string | null;
  na: boolean;
  rationale: string;
  evidence: Evidence[];
  judge: string;
  error: Pick<VerdictError, 'code' | 'message'> | null;
  /** Why a judge declined, on an unavoidable N/A (`OFFLINE_UNSUPPORTED`, `OFFLINE_LANGUAGE`). */
  na_code: string | null;
}

export function decodeVerdict(r: StoredVerdictRow): StoredVerdict {
  return {
    criterion: r.criterion_id,
    kind: r.kind,
    value: JSON.parse(r.value_json) as number | string | null,
    na: r.na === 1,
    rationale: r.rationale,
    evidence: JSON.parse(r.evidence_json) as Evidence[],
    judge: r.judge,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    na_code: r.na_code,
  };
}
