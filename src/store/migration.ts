import type { Db } from './open-database.js';

/**
 * Schema migrations, applied in order inside one transaction each. The schema version is SQLite's
 * `PRAGMA user_version`. Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in the same transaction (e.g. to fill a column SQL cannot compute). */
  upgrade?: (db: Db) => void;
  /**
   * Run with foreign key enforcement off (and checked afterwards): needed to rebuild a table other tables
   * reference, which SQLite can only do by creating a new one, copying, dropping and renaming.
   */
  foreignKeysOff?: boolean;
}
