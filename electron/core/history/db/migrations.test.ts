import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_DB_FILE, openHistoryDb } from './historyDb';
import { MIGRATIONS, migrate } from './migrations';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-db-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const version = (db: DatabaseSync) =>
  (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

describe('history database schema', () => {
  it('a new database gets every migration in order, in WAL mode, private to the user', async () => {
    const db = openHistoryDb(dir);
    expect(version(db)).toBe(MIGRATIONS.length);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
    expect((await stat(path.join(dir, HISTORY_DB_FILE))).mode & 0o777).toBe(0o600);
    // Opening again migrates nothing and keeps the data.
    const again = openHistoryDb(dir);
    expect(version(again)).toBe(MIGRATIONS.length);
    again.close();
  });

  it('applies only the migrations a database lacks, each in its own transaction', () => {
    const db = new DatabaseSync(':memory:');
    const steps = ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'];
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    db.exec('INSERT INTO a VALUES (1)');
    expect(migrate(db, steps)).toBe(2);
    expect(db.prepare('SELECT x FROM a').all()).toEqual([{ x: 1 }]);
    // A failing step leaves the database at the last good version.
    expect(() => migrate(db, [...steps, 'CREATE TABLE c (x); THIS IS NOT SQL'])).toThrow(
      /migration 3 failed/,
    );
    expect(version(db)).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
  });

  it('refuses a database from a newer Nodeloom instead of guessing its schema', () => {
    const db = new DatabaseSync(':memory:');
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer Nodeloom/);
  });
});
