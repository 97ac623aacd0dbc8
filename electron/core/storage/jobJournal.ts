import { readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ProviderIdSchema } from '../../../shared/catalog/model';
import { syncDir } from './atomicWrite';
import { makePrivateDir, openPrivateFile, writePrivateFile } from './privateFiles';

/**
 * One paid job's record. `submitting` is written before the submit is sent; if the
 * answer never arrives (crash, reset, timeout) the entry stays `submitting`: the
 * provider may have created the job, so the node is held until the user chooses to
 * resend it. `submitted` carries the request id and is written before polling
 * starts, so a later run or start collects the result instead of paying again.
 * Every terminal outcome closes the entry with its reason.
 */
export const JournalEntrySchema = z.object({
  jobId: z.string(),
  state: z.enum(['submitting', 'submitted']),
  cacheKey: z.string(),
  provider: ProviderIdSchema,
  endpoint: z.string(),
  nodeId: z.string(),
  /** The node's name when it was sent, for messages after a restart (no graph then). */
  nodeName: z.string().max(500).optional(),
  runId: z.string(),
  requestId: z.string().optional(),
  createdAt: z.number(),
  submittedAt: z.number().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

const RecordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), entry: JournalEntrySchema }),
  /** Closed: `reason` says why (stored, failed, cancelled, resent by choice...). */
  z.object({ op: z.literal('del'), jobId: z.string(), reason: z.string().optional() }),
]);
type JournalRecord = z.infer<typeof RecordSchema>;

const FILE = 'jobs.jsonl';

/**
 * An append-only log of job records with group commit: records that arrive while
 * a flush is on disk are written together by the next one (one write, one
 * fdatasync), so twenty jobs starting at once cost two syncs, not forty. A write
 * resolves only once its record is durable.
 *
 * It is also the process's one view of the jobs still open: read from disk once
 * (`load`), then kept in step by every write and close, so every run of the
 * process sees what the journal says, not what it saw at start-up.
 */
export class JobJournal {
  private handle: Promise<FileHandle> | undefined;
  private queue: Array<{ line: string; done: (e?: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;
  private loaded: Promise<{ unreadable: string[] }> | undefined;
  private readonly openJobs = new Map<string, JournalEntry>();

  constructor(readonly root: string) {}

  get file(): string {
    return path.join(this.root, FILE);
  }

  /**
   * Reads the open entries from disk into memory, once; later calls wait for that
   * read. Writes made before it are kept (they are newer than the disk).
   */
  load(): Promise<{ unreadable: string[] }> {
    return (this.loaded ??= this.list().then(({ entries, unreadable }) => {
      const newer = new Map(this.openJobs);
      this.openJobs.clear();
      for (const e of entries) this.openJobs.set(e.jobId, e);
      for (const [id, e] of newer) this.openJobs.set(id, e);
      return { unreadable };
    }));
  }

  /** The open entries as this process knows them (after `load`), oldest first. */
  open(): JournalEntry[] {
    return [...this.openJobs.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** The newest open entry for this request (same cache key), if any. */
  openFor(cacheKey: string): JournalEntry | undefined {
    let found: JournalEntry | undefined;
    for (const e of this.openJobs.values())
      if (e.cacheKey === cacheKey && (!found || e.createdAt >= found.createdAt)) found = e;
    return found;
  }

  isOpen(jobId: string): boolean {
    return this.openJobs.has(jobId);
  }

  write(entry: JournalEntry): Promise<void> {
    const parsed = JournalEntrySchema.parse(entry);
    this.openJobs.set(parsed.jobId, parsed);
    return this.append({ op: 'put', entry: parsed });
  }

  /** The job ended (result stored, failed, cancelled, resent by choice): `reason` says how. */
  close(jobId: string, reason: string): Promise<void> {
    this.openJobs.delete(jobId);
    return this.append({ op: 'del', jobId, reason });
  }

  private append(record: JournalRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        line: `${JSON.stringify(record)}\n`,
        done: (e) => (e ? reject(e) : resolve()),
      });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const handle = await (this.handle ??= this.openLog());
        await handle.appendFile(batch.map((b) => b.line).join(''));
        await handle.datasync();
        for (const b of batch) b.done();
      } catch (e) {
        this.handle = undefined;
        for (const b of batch) b.done(e);
      }
    }
    this.flushing = undefined;
  }

  private async openLog(): Promise<FileHandle> {
    await makePrivateDir(this.root);
    const handle = await openPrivateFile(this.file, 'a');
    // Make the file's own directory entry durable once, when it may be new.
    await syncDir(this.root);
    return handle;
  }

  /** Every entry still open, oldest first; lines that cannot be read are reported. */
  async list(): Promise<{ entries: JournalEntry[]; unreadable: string[] }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return { entries: [], unreadable: [] };
    }
    const open = new Map<string, JournalEntry>();
    const unreadable: string[] = [];
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let record: ReturnType<typeof RecordSchema.safeParse>;
      try {
        record = RecordSchema.safeParse(JSON.parse(line));
      } catch {
        // A torn last line is what a crash mid-append leaves; anything else is damage.
        if (i < lines.length - 2) unreadable.push(`${this.file}:${i + 1}`);
        return;
      }
      if (!record.success) unreadable.push(`${this.file}:${i + 1}`);
      else if (record.data.op === 'put') open.set(record.data.entry.jobId, record.data.entry);
      else open.delete(record.data.jobId);
    });
    const entries = [...open.values()].sort((a, b) => a.createdAt - b.createdAt);
    return { entries, unreadable };
  }

  /** Rewrites the log with only the open entries (at start-up, before new writes). */
  async compact(): Promise<void> {
    await this.flushing;
    const { entries } = await this.list();
    const handle = await this.handle;
    this.handle = undefined;
    await handle?.close();
    const text = entries.map((entry) => `${JSON.stringify({ op: 'put', entry })}\n`).join('');
    await writePrivateFile(this.file, text);
  }

  /** Waits for pending writes and closes the file. */
  async shutdown(): Promise<void> {
    await this.flushing;
    const handle = await this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
