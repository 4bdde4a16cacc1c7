import type { Db } from './open-database.js';

/** Where `cxqa pull` stopped for one vendor account (table `pull_state`). */
export interface PullStateRow {
  source: string;
  account: string;
  cursor: Record<string, unknown>;
  status: 'running' | 'completed' | 'failed';
  outPath: string | null;
  outBytes: number;
  records: number;
  startedAt: string;
  updatedAt: string;
  lastError: string | null;
}

interface RawRow {
  source: string;
  account: string;
  cursor_json: string;
  status: PullStateRow['status'];
  out_path: string | null;
  out_bytes: number;
  records: number;
  started_at: string;
  updated_at: string;
  last_error: string | null;
}

export function getPullState(db: Db, source: string, account: string): PullStateRow | undefined {
  const row = db.prepare('SELECT * FROM pull_state WHERE source = ? AND account = ?').get(source, account) as RawRow | undefined;
  if (!row) return undefined;
  return {
    source: row.source,
    account: row.account,
    cursor: JSON.parse(row.cursor_json) as Record<string, unknown>,
    status: row.status,
    outPath: row.out_path,
    outBytes: row.out_bytes,
    records: row.records,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    lastError: row.last_error,
  };
}

/** Stores (insert or replace) the pull state; called after every page once its transcripts are on disk. */
export function savePullState(db: Db, s: PullStateRow): void {
  db.prepare(
    `INSERT INTO pull_state (source, account, cursor_json, status, out_path, out_bytes, records, started_at, updated_at, last_error)
     VALUES (@source, @account, @cursor_json, @status, @out_path, @out_bytes, @records, @started_at, @updated_at, @last_error)
     ON CONFLICT (source, account) DO UPDATE SET cursor_json = excluded.cursor_json, status = excluded.status, out_path = excluded.out_path,
       out_bytes = excluded.out_bytes, records = excluded.records, started_at = excluded.started_at, updated_at = excluded.updated_at,
       last_error = excluded.last_error`,
  ).run({
    source: s.source,
    account: s.account,
    cursor_json: JSON.stringify(s.cursor),
    status: s.status,
    out_path: s.outPath,
    out_bytes: s.outBytes,
    records: s.records,
    started_at: s.startedAt,
    updated_at: s.updatedAt,
    last_error: s.lastError,
  });
}

export function deletePullState(db: Db, source: string, account: string): void {
  db.prepare('DELETE FROM pull_state WHERE source = ? AND account = ?').run(source, account);
}
