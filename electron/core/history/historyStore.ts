import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RunRecordSchema } from '../../../shared/contract/hostApi';
import type { CallOutput } from '../../../shared/contract/hostApi';
import { syncDir } from '../storage/atomicWrite';
import { writePrivateFile } from '../storage/privateFiles';

export type RunRecord = CallOutput<'history.get'>;
export type RunListItem = CallOutput<'history.list'>['runs'][number];
export type NodeRecord = RunRecord['nodes'][number];

/** The file format of one run: the record plus a version, for later migrations. */
export const HISTORY_FILE_VERSION = 1;
const RunFileSchema = RunRecordSchema.extend({
  version: z.literal(HISTORY_FILE_VERSION),
  /** The process that recorded it: a run another live app is running is not interrupted. */
  pid: z.number().int().optional(),
});

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

/** Run ids become file names: only plain characters, so no id can leave the folder. */
const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;

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
});

export interface HistoryListing {
  runs: RunRecord[];
  /** Files that could not be read or parsed, with why: skipped, never fatal. */
  unreadable: string[];
}

/**
 * Run history on disk: one JSON file per run in `dir` (dataDir/history), written
 * atomically, so a crash leaves the previous version of a record, never half of
 * one. Images are not copied: records name them by hash in the blob store.
 */
export class HistoryStore {
  /** Parsed files by name, reused while their size and time are unchanged. */
  private readonly parsed = new Map<string, { key: string; record: RunRecord; pid?: number }>();
  /**
   * Runs deleted through this store: a write already under way for one (an update
   * read before the delete) must not bring it back. Run ids are never reused.
   */
  private readonly deleted = new Set<string>();
  /** The write under way per run: writes of a run land in order, and a delete waits for it. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(readonly dir: string) {}

  fileOf(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
    return path.join(this.dir, `${runId}.json`);
  }

  /** Writes a run's record; a run deleted through this store stays deleted (nothing is written). */
  async write(record: RunRecord): Promise<void> {
    const { runId } = record;
    const target = this.fileOf(runId);
    const text = `${JSON.stringify({ version: HISTORY_FILE_VERSION, pid: process.pid, ...record })}\n`;
    const next = (this.writing.get(runId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => (this.deleted.has(runId) ? undefined : writePrivateFile(target, text)));
    this.writing.set(runId, next);
    try {
      await next;
    } finally {
      if (this.writing.get(runId) === next) this.writing.delete(runId);
    }
  }

  /** The record of a run, or null when there is none; throws when its file is unreadable. */
  async get(runId: string): Promise<RunRecord | null> {
    if (!RUN_ID.test(runId)) return null;
    let text: string;
    try {
      text = await readFile(this.fileOf(runId), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return parseRecord(text).record;
  }

  /** Every readable run, newest first (at most `limit`), and the files that were skipped. */
  async list(limit = Infinity): Promise<HistoryListing> {
    const runs: RunRecord[] = [];
    const unreadable: string[] = [];
    const names = await this.files();
    for (const name of names) {
      try {
        runs.push((await this.read(name)).record);
      } catch (e) {
        unreadable.push(`${name}: ${(e as Error).message}`);
      }
    }
    const present = new Set(names);
    for (const name of this.parsed.keys()) if (!present.has(name)) this.parsed.delete(name);
    runs.sort((a, b) => b.startedAt - a.startedAt || (a.runId < b.runId ? 1 : -1));
    return { runs: runs.slice(0, limit), unreadable };
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
    if (!RUN_ID.test(runId)) return 'missing';
    const name = `${runId}.json`;
    try {
      const { record, pid } = await this.read(name);
      if (record.status === 'running' && pid !== undefined && alive(pid)) return 'running';
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      // An unreadable record is nobody's run in progress (every write is whole): it goes.
    }
    this.deleted.add(runId);
    await this.writing.get(runId)?.catch(() => undefined);
    this.parsed.delete(name);
    try {
      await unlink(path.join(this.dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw e;
    }
    await syncDir(this.dir); // the removal survives a power loss
    return 'deleted';
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
    const { runs, unreadable } = await this.list();
    const marked: string[] = [];
    for (const run of runs) {
      if (run.status !== 'running') continue;
      const pid = this.parsed.get(`${run.runId}.json`)?.pid;
      if (pid !== undefined && alive(pid)) continue;
      const nodes = run.nodes.map((n) =>
        UNFINISHED.has(n.state)
          ? { ...n, state: 'interrupted', message: n.message ?? 'the app stopped during the run' }
          : n,
      );
      await this.write({ ...run, status: 'interrupted', finishedAt: now, nodes });
      marked.push(run.runId);
    }
    return { marked, unreadable };
  }

  private async read(name: string): Promise<{ record: RunRecord; pid?: number }> {
    const file = path.join(this.dir, name);
    const info = await stat(file);
    // Every write renames a new file into place: a new inode.
    const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    const cached = this.parsed.get(name);
    if (cached?.key === key) return cached;
    const entry = { key, ...parseRecord(await readFile(file, 'utf8')) };
    this.parsed.set(name, entry);
    return entry;
  }

  private async files(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}

const UNFINISHED = new Set(['queued', 'submitting', 'in_queue', 'running', 'downloading']);

function parseRecord(text: string): { record: RunRecord; pid?: number } {
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
