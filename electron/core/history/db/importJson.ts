import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { RunRecord } from '../historyStore';
import { parseRunFile } from '../historyStore';
import { makePrivateDir } from '../../storage/privateFiles';
import { inTransaction } from './historyDb';

/** Where the JSON files go once imported: kept for the user, never read again. */
export const IMPORTED_JSON_DIR = 'json-before-database';
const DONE_KEY = 'json_history_imported_at';
const BATCH = 100;

/**
 * Imports the run history of versions before the database (one `<runId>.json` per
 * run in `dir`), once. Idempotent and crash-safe: each batch is one transaction, a
 * run already in the database is never imported again, and the import is marked
 * done only after the last batch, so a kill mid-way loses nothing and the next
 * start finishes it. Returns the files that could not be read, with why (left in
 * place, reported once).
 */
export async function importJsonHistory(
  db: DatabaseSync,
  dir: string,
  insert: (record: RunRecord, pid: number | undefined) => void,
  onBatch?: (imported: number) => void,
): Promise<string[]> {
  if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(DONE_KEY)) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') names = [];
    else throw e;
  }
  const unreadable: string[] = [];
  const imported: string[] = [];
  const has = db.prepare('SELECT 1 FROM runs WHERE run_id = ?');
  for (let i = 0; i < names.length; i += BATCH) {
    const batch: { name: string; record: RunRecord; pid?: number }[] = [];
    for (const name of names.slice(i, i + BATCH)) {
      try {
        batch.push({ name, ...parseRunFile(await readFile(path.join(dir, name), 'utf8')) });
      } catch (e) {
        unreadable.push(`${name}: ${(e as Error).message}`);
      }
    }
    inTransaction(db, () => {
      for (const { record, pid } of batch) if (!has.get(record.runId)) insert(record, pid);
    });
    imported.push(...batch.map((b) => b.name));
    onBatch?.(imported.length);
  }
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    DONE_KEY,
    String(Date.now()),
  );
  if (imported.length > 0) await moveAside(dir, imported);
  return unreadable;
}

/** Moves imported files out of the way; a failure only leaves them where they were. */
async function moveAside(dir: string, names: string[]): Promise<void> {
  const target = path.join(dir, IMPORTED_JSON_DIR);
  try {
    await makePrivateDir(target);
    for (const name of names) await rename(path.join(dir, name), path.join(target, name));
  } catch {
    // Harmless: the import is marked done, so these files are never read again.
  }
}
