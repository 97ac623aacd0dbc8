import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import { RunListItemSchema, RunRecordSchema } from '../../../shared/contract/hostApi';
import type { CallOutput } from '../../../shared/contract/hostApi';
import { inTransaction, openHistoryDb } from './db/historyDb';
import { indexRecord } from './db/recordIndex';
import { importJsonHistory } from './db/importJson';
import { queryImages, queryRuns } from './db/queries';
import { QueueStore } from '../queue/queueStore';
import type { GalleryImage, RunQuery } from './db/queries';

export type RunRecord = CallOutput<'history.get'>;
export type RunListItem = CallOutput<'history.list'>['runs'][number];
export type NodeRecord = RunRecord['nodes'][number];
export type { GalleryImage, RunQuery } from './db/queries';

/** Whether another process with this id is alive (this one counts as not: it starts afresh). */
export function otherProcessAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Run ids name records (and, before the database, files): only plain characters. */
export const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;

export const listItemOf = (r: RunRecord): RunListItem => ({
  runId: r.runId,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  status: r.status,
  workflowName: r.workflowName,
  workflowPath: r.workflowPath,
  nodeCount: r.nodeCount,
  images: r.images,
  actualUsd: r.actualUsd,
  ...(r.jobCount !== undefined && { jobCount: r.jobCount }),
  ...(r.jobsWithoutCost !== undefined && { jobsWithoutCost: r.jobsWithoutCost }),
});

export interface HistoryListing {
  runs: RunRecord[];
  /** Records that could not be read or parsed, with why: skipped, never fatal. */
  unreadable: string[];
}

type RunRow = { run_id: string; record: string; pid: number | null };

/**
 * Run history in an embedded SQLite database (`history.db` in `dir`, the data
 * folder's history folder). Each run's record is one row, written in one
 * transaction with what listing, filters and search read (nodes, images, text), so
 * a crash leaves the previous version of a record, never half of one. Images are
 * not copied: records name them by hash in the blob store. Run history from before
 * the database (one JSON file per run in the same folder) is imported once, on
 * first use.
 */
export class HistoryStore {
  private readonly db: DatabaseSync;
  private imported: Promise<string[]> | undefined;
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    readonly dir: string,
    private readonly options: {
      /** Called for each run the JSON import inserts, inside its transaction (kill tests). */
      onImport?: (runId: string) => void;
    } = {},
  ) {
    this.db = openHistoryDb(dir);
  }

  /** Imports the JSON history of older versions (once); what could not be read, with why. */
  ready(): Promise<string[]> {
    this.imported ??= importJsonHistory(this.db, this.dir, (record, pid) => {
      this.insert(record, pid);
      this.options.onImport?.(record.runId);
    });
    return this.imported;
  }

  /** Writes a run's record; a deleted run stays deleted (nothing is written). */
  async write(record: RunRecord, pid: number = process.pid): Promise<void> {
    await this.ready();
    if (!RUN_ID.test(record.runId)) throw new Error(`not a run id: ${record.runId}`);
    inTransaction(this.db, () => this.insert(record, pid));
  }

  /** The record of a run, or null when there is none; throws when it cannot be parsed. */
  async get(runId: string): Promise<RunRecord | null> {
    await this.ready();
    if (!RUN_ID.test(runId)) return null;
    const row = this.sql('SELECT run_id, record, pid FROM runs WHERE run_id = ?').get(runId) as
      RunRow | undefined;
    return row ? parseRecord(row.record) : null;
  }

  /** Every readable run, newest first (at most `limit`), and the records that were skipped. */
  async list(limit = Infinity): Promise<HistoryListing> {
    await this.ready();
    const rows = this.sql(
      'SELECT run_id, record, pid FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?',
    ).all(Number.isFinite(limit) ? limit : -1) as RunRow[];
    return this.parseRows(rows);
  }

  /**
   * One page of runs as the gallery lists them, newest first, filtered and searched
   * (full text over prompts, node titles and workflow names). Reads the small list
   * items, never whole records.
   */
  async page(
    query: RunQuery = {},
  ): Promise<{ runs: RunListItem[]; total: number; capped: boolean; unreadable: string[] }> {
    await this.ready();
    const { rows, total, capped } = queryRuns(this.db, query);
    const runs: RunListItem[] = [];
    const unreadable: string[] = [];
    for (const row of rows) {
      try {
        runs.push(RunListItemSchema.parse(JSON.parse(row.item)));
      } catch {
        unreadable.push(`${row.run_id}: not a readable run record`);
      }
    }
    return { runs, total, capped, unreadable };
  }

  /**
   * Removes the record of a run: 'deleted', 'missing' when there is none (or the id
   * is not one), or 'running' when another live process is still recording it (its
   * next write would bring it back). The caller refuses runs this process records.
   * Only the record goes: the images it names stay in the blob store.
   */
  async delete(
    runId: string,
    alive: (pid: number) => boolean = otherProcessAlive,
  ): Promise<'deleted' | 'missing' | 'running'> {
    await this.ready();
    if (!RUN_ID.test(runId)) return 'missing';
    return inTransaction(this.db, () => {
      const row = this.sql('SELECT status, pid FROM runs WHERE run_id = ?').get(runId) as
        { status: string; pid: number | null } | undefined;
      if (!row) return 'missing';
      if (row.status === 'running' && row.pid !== null && alive(row.pid)) return 'running';
      this.sql('INSERT OR IGNORE INTO deleted_runs (run_id) VALUES (?)').run(runId);
      this.sql('DELETE FROM runs_text WHERE rowid = (SELECT id FROM runs WHERE run_id = ?)').run(
        runId,
      );
      this.sql('DELETE FROM runs WHERE run_id = ?').run(runId);
      return 'deleted';
    });
  }

  /**
   * Runs still marked running when the app starts were cut short by a crash or a
   * kill: they become 'interrupted', and so do their unfinished nodes. Runs that
   * another app still running (sharing the data folder) is recording are left alone.
   */
  async markInterrupted(
    now = Date.now(),
    alive: (pid: number) => boolean = otherProcessAlive,
  ): Promise<{ marked: string[]; unreadable: string[] }> {
    const unreadable = [...(await this.ready())];
    const rows = this.sql(
      "SELECT run_id, record, pid FROM runs WHERE status = 'running'",
    ).all() as RunRow[];
    const marked: string[] = [];
    for (const row of rows) {
      if (row.pid !== null && alive(row.pid)) continue;
      let run: RunRecord;
      try {
        run = parseRecord(row.record);
      } catch (e) {
        unreadable.push(`${row.run_id}: ${(e as Error).message}`);
        continue;
      }
      const nodes = run.nodes.map((n) =>
        UNFINISHED.has(n.state)
          ? { ...n, state: 'interrupted', message: n.message ?? 'the app stopped during the run' }
          : n,
      );
      await this.write(
        { ...run, status: 'interrupted', finishedAt: now, nodes },
        row.pid ?? undefined,
      );
      marked.push(run.runId);
    }
    return { marked, unreadable };
  }

  /** One page of images across the runs a query selects, newest first. */
  async gallery(
    query: RunQuery = {},
  ): Promise<{ images: GalleryImage[]; total: number; capped: boolean }> {
    await this.ready();
    return queryImages(this.db, query);
  }

  /** Marks an image (by content hash: the same image in every run) a favourite, or not. */
  async setFavourite(hash: string, favourite: boolean, now = Date.now()): Promise<void> {
    await this.ready();
    if (!/^[a-f0-9]{64}$/.test(hash)) throw new Error(`not an image hash: ${hash}`);
    if (favourite)
      this.sql('INSERT OR IGNORE INTO favourites (hash, added_at) VALUES (?, ?)').run(hash, now);
    else this.sql('DELETE FROM favourites WHERE hash = ?').run(hash);
  }

  /** Every image hash a record names: what blob collection must keep. */
  referencedImages(): Set<string> {
    const rows = this.sql('SELECT DISTINCT hash FROM images').all() as { hash: string }[];
    return new Set(rows.map((r) => r.hash));
  }

  /** Image hashes the queued runs' graphs name (their pins): collection keeps them. */
  queuedImages(): Set<string> {
    const rows = this.sql('SELECT payload FROM queue').all() as { payload: string }[];
    return new Set(rows.flatMap((r) => r.payload.match(/[a-f0-9]{64}/g) ?? []));
  }

  /** The run queue, kept in this database's `queue` table (beside the runs it becomes). */
  queue(warn?: (message: string) => void): QueueStore {
    return new QueueStore(this.db, warn);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private insert(record: RunRecord, pid: number | undefined): void {
    const gone = this.sql('SELECT 1 FROM deleted_runs WHERE run_id = ?').get(record.runId);
    if (gone) return;
    const index = indexRecord(record);
    const { runId } = record;
    this.sql(
      `INSERT INTO runs (run_id, started_at, finished_at, status, workflow_name, workflow_path,
                           actual_usd, pid, item, record)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET
           started_at = excluded.started_at, finished_at = excluded.finished_at,
           status = excluded.status, workflow_name = excluded.workflow_name,
           workflow_path = excluded.workflow_path, actual_usd = excluded.actual_usd,
           pid = excluded.pid, item = excluded.item, record = excluded.record`,
    ).run(
      runId,
      record.startedAt,
      record.finishedAt,
      record.status,
      record.workflowName,
      record.workflowPath,
      record.actualUsd ?? 0,
      pid ?? null,
      JSON.stringify(listItemOf(record)),
      JSON.stringify(record),
    );
    const { id } = this.sql('SELECT id FROM runs WHERE run_id = ?').get(runId) as {
      id: number;
    };
    this.sql('DELETE FROM run_nodes WHERE run_id = ?').run(runId);
    this.sql('DELETE FROM images WHERE run_id = ?').run(runId);
    this.sql('DELETE FROM runs_text WHERE rowid = ?').run(id);
    const node = this.sql(
      'INSERT OR REPLACE INTO run_nodes (run_id, node_id, type, provider, endpoint, state) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const n of index.nodes) node.run(runId, n.nodeId, n.type, n.provider, n.endpoint, n.state);
    const image = this.sql(
      `INSERT OR REPLACE INTO images (run_id, started_at, node_id, position, hash, mime_type, width, height, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const i of index.images)
      image.run(
        runId,
        record.startedAt,
        i.nodeId,
        i.position,
        i.hash,
        i.mimeType,
        i.width,
        i.height,
        i.bytes,
      );
    this.sql('INSERT INTO runs_text (rowid, body) VALUES (?, ?)').run(id, index.text);
  }

  /** A prepared statement, made once per text: writes run the same few again and again. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  private parseRows(rows: RunRow[]): HistoryListing {
    const runs: RunRecord[] = [];
    const unreadable: string[] = [];
    for (const row of rows) {
      try {
        runs.push(parseRecord(row.record));
      } catch (e) {
        unreadable.push(`${row.run_id}: ${(e as Error).message}`);
      }
    }
    return { runs, unreadable };
  }
}

const UNFINISHED = new Set(['queued', 'submitting', 'in_queue', 'running', 'downloading']);

/** Parses a record's JSON text (a row, or a file of the JSON history). */
export function parseRecord(text: string): RunRecord {
  return parseRunFile(text).record;
}

/** The file format of the JSON history: a record plus a version and its recorder's pid. */
const RunFileSchema = RunRecordSchema.extend({
  version: z.literal(1).optional(),
  pid: z.number().int().optional(),
});

export function parseRunFile(text: string): { record: RunRecord; pid?: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const parsed = RunFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not a run record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  const { version: _v, pid, ...record } = parsed.data;
  return pid !== undefined ? { record, pid } : { record };
}
