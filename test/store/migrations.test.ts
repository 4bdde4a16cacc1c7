import { describe, expect, it } from 'vitest';
import { migrations, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openDatabase, schemaVersion } from '../../src/store/open-database.js';
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
});
