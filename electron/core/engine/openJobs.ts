import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { JournalEntry } from '../storage/jobJournal';
import type { CachedResult } from '../storage/resultCache';
import { collectJob } from './collectJob';
import type { JobProgress } from './collectJob';
import type { EngineServices } from './services';

/**
 * The jobs the journal holds open, as every run and the start-up resume see them:
 * a `submitted` job is collected (never sent again), a `submitting` one is held.
 */

/** What a held node says: when it was sent, where to check, how to resend. */
export function heldMessage(entry: JournalEntry): string {
  const provider = PROVIDER_NAMES[entry.provider];
  const sent = new Date(entry.createdAt).toISOString();
  return `held: the request for "${entry.nodeName ?? entry.nodeId}" sent to ${provider} at ${sent} may have been submitted and billed (its answer never arrived). Check your ${provider} dashboard; it is sent again only if you choose Resend`;
}

/**
 * Starts collecting a job the journal says is at a provider, registered as in
 * flight under its cache key (so every node that needs the result joins it) and
 * as background work (so closing the engine waits for it).
 */
export function collectOpenJob(
  svc: EngineServices,
  entry: JournalEntry & { requestId: string },
  report: (p: JobProgress) => void,
): Promise<CachedResult> {
  const collection = collectJob(svc, entry, report);
  svc.inflight.set(entry.cacheKey, collection);
  const tracked = collection
    .catch(() => undefined)
    .finally(() => {
      if (svc.inflight.get(entry.cacheKey) === collection) svc.inflight.delete(entry.cacheKey);
      svc.background.delete(tracked);
    });
  svc.background.add(tracked);
  return collection;
}
