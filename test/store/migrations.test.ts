import { describe, expect, it } from 'vitest';
import { migrations, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openDatabase, schemaVersion } from '../../src/store/open-database.js';
import { selectionCte } from '../../src/store/evaluation-selection.js';
import { pathIn, useTempDir } from '../helpers/temp-dir.js';

describe('migrations', () => {
  const tmp = useTempDir();

  it('are numbered 1..N without gaps, in order, so every database reaches the same schema', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(migrations.length);
  });

  it('upgrade a database step by step and refuse one newer than this build', () => {
    const file = pathIn(tmp(), 'old.db');
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this cxqa understands/);
  });

  it('18: a database at 17 gains the transcript header index, and the run selection reads transcripts only through it', () => {
    const file = pathIn(tmp(), 'v17.db');
    const db = openDatabase(file);
    db.exec('DROP INDEX transcripts_header');
    db.pragma('user_version = 17');
    db.close();
    const upgraded = openDatabase(file);
    const indexes = upgraded.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transcripts'`).pluck().all();
    expect(indexes).toContain('transcripts_header');
    const { sql, params } = selectionCte({ runId: 'r' });
    const plan = (upgraded.prepare(`EXPLAIN QUERY PLAN ${sql} SELECT * FROM selected`).all(params) as { detail: string }[]).map((r) => r.detail);
    const transcriptSteps = plan.filter((d) => /^(SEARCH|SCAN) t /.test(d));
    expect(transcriptSteps.length).toBeGreaterThan(0);
    for (const step of transcriptSteps) expect(step).toMatch(/USING COVERING INDEX transcripts_header/);
    upgraded.close();
  });
});
