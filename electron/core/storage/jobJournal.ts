import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ProviderIdSchema } from '../../../shared/catalog/model';
import { writeFileAtomic } from './atomicWrite';

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

export class JobJournal {
  constructor(readonly root: string) {}

  private file(jobId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(jobId)) throw new Error(`bad job id ${jobId}`);
    return path.join(this.root, `${jobId}.json`);
  }

  async write(entry: JournalEntry): Promise<void> {
    await writeFileAtomic(this.file(entry.jobId), JSON.stringify(JournalEntrySchema.parse(entry)));
  }

  /** The job's result is safely stored (or it ended at the provider): forget it. */
  async remove(jobId: string): Promise<void> {
    await rm(this.file(jobId), { force: true });
  }

  /** Every entry still open, oldest first; unreadable files are reported, not deleted. */
  async list(): Promise<{ entries: JournalEntry[]; unreadable: string[] }> {
    let names: string[];
    try {
      names = (await readdir(this.root)).filter((n) => n.endsWith('.json'));
    } catch {
      return { entries: [], unreadable: [] };
    }
    const entries: JournalEntry[] = [];
    const unreadable: string[] = [];
    for (const name of names) {
      const file = path.join(this.root, name);
      try {
        const parsed = JournalEntrySchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (parsed.success) entries.push(parsed.data);
        else unreadable.push(file);
      } catch {
        unreadable.push(file);
      }
    }
    entries.sort((a, b) => a.createdAt - b.createdAt);
    return { entries, unreadable };
  }
}
