import type { DatabaseSync } from 'node:sqlite';

/**
 * The history database's schema, as an ordered list of migrations (like the
 * workflow format's): migration i brings `PRAGMA user_version` from i to i + 1.
 * Never edit a published entry; append a new one.
 *
 * The run record itself is kept whole as JSON (its zod schema in shared/contract is
 * the format); the other columns and tables are what listing, filtering and search
 * read, derived from the record on every write.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    -- A stable integer key (kept by VACUUM): the full-text index refers to it.
    id            INTEGER PRIMARY KEY,
    run_id        TEXT NOT NULL UNIQUE,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    status        TEXT NOT NULL,
    workflow_name TEXT,
    workflow_path TEXT,
    actual_usd    REAL NOT NULL DEFAULT 0,
    pid           INTEGER,
    item          TEXT NOT NULL,
    record        TEXT NOT NULL
  );
  CREATE INDEX runs_newest ON runs (started_at DESC, run_id DESC);
  CREATE INDEX runs_status ON runs (status);

  CREATE TABLE run_nodes (
    run_id   TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    node_id  TEXT NOT NULL,
    type     TEXT NOT NULL,
    provider TEXT,
    endpoint TEXT,
    state    TEXT NOT NULL,
    PRIMARY KEY (run_id, node_id)
  ) WITHOUT ROWID;
  CREATE INDEX run_nodes_type ON run_nodes (type);
  CREATE INDEX run_nodes_provider ON run_nodes (provider);

  CREATE TABLE images (
    run_id    TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    -- The run's start, repeated here so the gallery pages through one index.
    started_at INTEGER NOT NULL,
    node_id   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    bytes     INTEGER NOT NULL,
    PRIMARY KEY (run_id, node_id, position)
  ) WITHOUT ROWID;
  CREATE INDEX images_hash ON images (hash);
  CREATE INDEX images_newest ON images (started_at DESC, run_id DESC, node_id, position);

  CREATE TABLE favourites (hash TEXT PRIMARY KEY, added_at INTEGER NOT NULL) WITHOUT ROWID;

  -- Run ids are never reused: a write for a deleted run (a late update) is dropped.
  CREATE TABLE deleted_runs (run_id TEXT PRIMARY KEY) WITHOUT ROWID;

  -- Prompts, node titles and the workflow's name of each run, for full-text search:
  -- rowid = runs.id; contentless (the text is in the record), prefixes indexed.
  CREATE VIRTUAL TABLE runs_text USING fts5 (
    body, content = '', contentless_delete = 1, detail = none, prefix = '2 3',
    tokenize = 'unicode61'
  );

  -- Runs waiting their turn (the run queue), in order; the graph snapshot as JSON.
  CREATE TABLE queue (
    item_id    TEXT PRIMARY KEY,
    position   REAL NOT NULL,
    created_at INTEGER NOT NULL,
    payload    TEXT NOT NULL
  );

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
];

/** Brings the database to the newest schema, each step in its own transaction. */
export function migrate(db: DatabaseSync, migrations: readonly string[] = MIGRATIONS): number {
  const version = Number(
    (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
  );
  if (version > migrations.length) {
    throw new Error(
      `the run history database is from a newer Nodeloom (schema ${version}, this one knows ${migrations.length}); update Nodeloom`,
    );
  }
  for (let v = version; v < migrations.length; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migrations[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw new Error(`run history database: migration ${v + 1} failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
  return migrations.length;
}
