import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { JournalEntry } from '../storage/jobJournal';
import { collectJob } from './collectJob';
import type { EngineServices } from './services';

export interface ResumeStart {
  /** Jobs being collected now; joined by any run that needs the same result. */
  pending: number;
  uncertain: ResumeSummary['uncertain'];
  unreadable: string[];
  /** Resolves when every resumed job has been collected or has failed. */
  settled: Promise<ResumeSummary>;
}

export interface ResumeSummary {
  /** Jobs found at a provider and collected into the cache. */
  collected: JournalEntry[];
  /** Jobs that could not be collected, with the reason. */
  failed: Array<{ entry: JournalEntry; message: string }>;
  /** Submits cut off by a crash: they may have been billed, and are never resent. */
  uncertain: Array<{ entry: JournalEntry; message: string }>;
  unreadable: string[];
}

/**
 * After a restart: every job the journal says reached a provider is polled and its
 * result stored, so a later run finds it in the cache. Nothing is submitted.
 */
export async function resumeJournal(svc: EngineServices): Promise<ResumeStart> {
  const { entries, unreadable } = await svc.journal.list();
  // Start from a log of open entries only, so it does not grow across restarts.
  await svc.journal.compact();
  const summary: ResumeSummary = { collected: [], failed: [], uncertain: [], unreadable };
  const jobs: Promise<void>[] = [];
  for (const entry of entries) {
    if (entry.state === 'submitting' || !entry.requestId) {
      summary.uncertain.push({
        entry,
        message: `a request to ${PROVIDER_NAMES[entry.provider]} for node "${entry.nodeId}" was cut off by a restart; it may have been submitted and billed, and was not resent`,
      });
      await svc.journal.remove(entry.jobId);
      continue;
    }
    if (svc.inflight.has(entry.cacheKey)) continue;
    const submitted = { ...entry, requestId: entry.requestId };
    const collection = collectJob(svc, submitted, () => undefined);
    svc.inflight.set(entry.cacheKey, collection);
    const tracked = collection
      .then(() => void summary.collected.push(entry))
      .catch((e: Error) => void summary.failed.push({ entry, message: e.message }))
      .finally(() => {
        svc.inflight.delete(entry.cacheKey);
        svc.background.delete(tracked);
      });
    svc.background.add(tracked);
    jobs.push(tracked);
  }
  return {
    pending: jobs.length,
    uncertain: summary.uncertain,
    unreadable,
    settled: Promise.all(jobs).then(() => summary),
  };
}
