import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../storage/privateFiles';
import { migrate } from './migrations';

/** The database file inside the history folder. */
export const HISTORY_DB_FILE = 'history.db';

/**
 * Opens (creating if needed) the run history database: node:sqlite, built into Node
 * and Electron, so there is no native module to rebuild. WAL lets readers go on
 * while a run is recorded; synchronous=NORMAL keeps every commit across a crash of
 * the app (power loss may drop the last ones: the job journal, not the history, is
 * what guards money).
 */
export function openHistoryDb(dir: string): DatabaseSync {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const file = path.join(dir, HISTORY_DB_FILE);
  // Created private first: SQLite gives its -wal and -shm files the same mode.
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Runs `work` in one transaction: all of it lands, or none. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
