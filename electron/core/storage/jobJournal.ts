import { readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ProviderIdSchema } from '../../../shared/catalog/model';
import { syncDir } from './atomicWrite';
import { makePrivateDir, openPrivateFile, writePrivateFile } from './privateFiles';

/**
 * One paid job's record. `submitting` is written before the submit is sent, so a
 * crash mid-submit is known afterwards ("may have been submitted") instead of
 * silently forgotten; `submitted` carries the request id and is written before
 * polling starts, so a restarted app collects the result instead of paying again.
 */
export const JournalEntrySchema = z.object({
  jobId: z.string(),
  state: z.enum(['submitting', 'submitted']),
  cacheKey: z.string(),
  provider: ProviderIdSchema,
  endpoint: z.string(),
  nodeId: z.string(),
  runId: z.string(),
  requestId: z.string().optional(),
  createdAt: z.number(),
  submittedAt: z.number().optional(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

const RecordSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), entry: JournalEntrySchema }),
  z.object({ op: z.literal('del'), jobId: z.string() }),
]);
type JournalRecord = z.infer<typeof RecordSchema>;

const FILE = 'jobs.jsonl';

/**
 * An append-only log of job records with group commit: records that arrive while
 * a flush is on disk are written together by the next one (one write, one
 * fdatasync), so twenty jobs starting at once cost two syncs, not forty. A write
 * resolves only once its record is durable.
 */
export class JobJournal {
  private handle: Promise<FileHandle> | undefined;
  private queue: Array<{ line: string; done: (e?: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;

  constructor(readonly root: string) {}

  get file(): string {
    return path.join(this.root, FILE);
  }

  write(entry: JournalEntry): Promise<void> {
    return this.append({ op: 'put', entry: JournalEntrySchema.parse(entry) });
  }

  /** The job's result is safely stored (or it ended at the provider): forget it. */
  remove(jobId: string): Promise<void> {
    return this.append({ op: 'del', jobId });
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

  async close(): Promise<void> {
    await this.flushing;
    const handle = await this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
