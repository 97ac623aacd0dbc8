import type { JournalEntry } from '../storage/jobJournal';
import type { CachedResult } from '../storage/resultCache';
import { collectOpenJob, heldMessage } from './openJobs';
import type { EngineServices } from './services';
import { NodeStop } from './services';

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
  /** Submits cut off by a crash: they may have been billed; held until the user resends. */
  uncertain: Array<{ entry: JournalEntry; message: string }>;
  unreadable: string[];
}

/**
 * What became of one job a previous process left behind, told as soon as it is
 * known (the run history updates the run the journal entry names). `at` is when.
 */
export type ResumedJob =
  | { outcome: 'collected'; entry: JournalEntry; at: number; result: CachedResult }
  | {
      outcome: 'failed';
      entry: JournalEntry;
      at: number;
      state: 'failed' | 'cancelled';
      message: string;
      /** The journal let go of it; otherwise the next start tries to collect it again. */
      final: boolean;
    }
  /** A submit cut off by a crash: held (never resent unless the user chooses to). */
  | { outcome: 'uncertain'; entry: JournalEntry; at: number; message: string };

export type ResumeListener = (job: ResumedJob) => void;

/**
 * At start: every job the journal says reached a provider is polled and its
 * result stored, so a later run finds it in the cache. Nothing is submitted;
 * submits that were cut off stay held (in the journal) until the user resends
 * them. `onJob` hears what became of each job (not of those the engine's closing
 * cut off: they stay in the journal for the next start).
 */
export async function resumeJournal(
  svc: EngineServices,
  onJob?: ResumeListener,
): Promise<ResumeStart> {
  const tell = (job: ResumedJob): void => {
    try {
      onJob?.(job);
    } catch {
      // A listener's failure must not stop the collection.
    }
  };
  const { unreadable } = await svc.journal.load();
  // Start from a log of open entries only, so it does not grow across restarts.
  await svc.journal.compact();
  const summary: ResumeSummary = { collected: [], failed: [], uncertain: [], unreadable };
  const jobs: Promise<void>[] = [];
  for (const entry of svc.journal.open()) {
    if (entry.state === 'submitting' || !entry.requestId) {
      const message = heldMessage(entry);
      summary.uncertain.push({ entry, message });
      tell({ outcome: 'uncertain', entry, at: svc.now(), message });
      continue;
    }
    if (svc.inflight.has(entry.cacheKey)) continue;
    const collection = collectOpenJob(svc, { ...entry, requestId: entry.requestId }, () => {});
    const tracked = collection
      .then((result) => {
        summary.collected.push(entry);
        tell({ outcome: 'collected', entry, at: svc.now(), result });
      })
      .catch((e: Error) => {
        summary.failed.push({ entry, message: e.message });
        if (svc.lifetime.aborted) return; // closing: the journal keeps it for the next start
        tell({
          outcome: 'failed',
          entry,
          at: svc.now(),
          state: e instanceof NodeStop && e.state === 'cancelled' ? 'cancelled' : 'failed',
          message: e.message,
          final: !svc.journal.isOpen(entry.jobId),
        });
      });
    jobs.push(tracked);
  }
  return {
    pending: jobs.length,
    uncertain: summary.uncertain,
    unreadable,
    settled: Promise.all(jobs).then(() => summary),
  };
}
