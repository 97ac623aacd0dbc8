import { PROVIDER_NAMES } from '../../../shared/catalog/model';
import type { OutputImage } from '../../../shared/run/events';
import { ProviderError } from '../providers/types';
import type { JobStatus, OutputRef } from '../providers/types';
import type { JournalEntry } from '../storage/jobJournal';
import type { CachedResult } from '../storage/resultCache';
import { ExpiredUrlError, RedirectRefusedError, storeImage } from './download';
import type { EngineServices } from './services';
import { NodeStop } from './services';
import { backoffDelay, sleep } from './timing';

export type JobProgress =
  | { state: 'in_queue'; queuePosition?: number; elapsedMs: number }
  | { state: 'running'; elapsedMs: number }
  | { state: 'downloading'; elapsedMs: number };

/**
 * How many failed status checks (or result fetches) in a row a job is given.
 * Unreachable or busy providers get the whole policy; an answer we cannot read
 * (an unknown status, a completed job without images) gets a short second look,
 * since it is rarely a glitch, and then ends the job.
 */
const UNREADABLE_ATTEMPTS = 3;
function pollAttempts(svc: EngineServices, e: unknown): number {
  if (!(e instanceof ProviderError)) return 0;
  if (e.kind === 'transient' || e.kind === 'rate_limit') return svc.pollRetry.attempts;
  if (e.kind === 'protocol') return Math.min(UNREADABLE_ATTEMPTS, svc.pollRetry.attempts);
  return 0;
}

/**
 * The provider could not be asked about the job (status checks kept failing with
 * network errors, 429 or 5xx): it may still finish, so its journal entry stays
 * open and the next run (or start) collects it instead of sending it again.
 */
export class JobUnreachable extends NodeStop {}

/**
 * Follows a submitted job to its end: polls its status, downloads the outputs at
 * once (provider URLs expire), stores them and the result, then closes the journal
 * entry. Used by runs and by resume; it never submits anything. Every terminal
 * outcome closes the entry with its reason, so the node can be run again; only a
 * job the provider could not be asked about (JobUnreachable), or one the engine's
 * closing cut off, stays open to be collected later.
 */
export async function collectJob(
  svc: EngineServices,
  entry: JournalEntry & { requestId: string },
  report: (p: JobProgress) => void,
): Promise<CachedResult> {
  let result: CachedResult;
  try {
    result = await followJob(svc, entry, report);
    // The result must be safe on disk before the journal forgets the job.
    await svc.cache.put(result);
  } catch (e) {
    if (!svc.lifetime.aborted && !(e instanceof JobUnreachable)) {
      await svc.journal.close(entry.jobId, (e as Error).message).catch(() => undefined);
    }
    throw e;
  }
  await svc.journal.close(entry.jobId, 'result stored');
  return result;
}

async function followJob(
  svc: EngineServices,
  entry: JournalEntry & { requestId: string },
  report: (p: JobProgress) => void,
): Promise<CachedResult> {
  const adapter = svc.adapters[entry.provider];
  const provider = PROVIDER_NAMES[entry.provider];
  if (!adapter)
    throw new JobUnreachable(
      'failed',
      `no API key for ${provider}: the job ${entry.requestId} cannot be followed`,
      entry.requestId,
    );
  const started = entry.submittedAt ?? svc.now();
  const elapsed = (): number => Math.max(0, svc.now() - started);

  let status: JobStatus;
  let lastSeen: JobStatus['state'] | undefined;
  let errors = 0;
  for (;;) {
    await sleep(svc.pollIntervalMs, svc.lifetime);
    try {
      status = await adapter.status(entry.requestId, entry.endpoint, svc.lifetime, lastSeen);
      lastSeen = status.state;
      errors = 0;
    } catch (e) {
      if (++errors < pollAttempts(svc, e)) {
        const retryAfterMs = (e as ProviderError).retryAfterMs;
        await sleep(backoffDelay(svc.pollRetry, errors, svc.random, retryAfterMs), svc.lifetime);
        continue;
      }
      throw pollFailure(provider, entry.requestId, 'status check', e);
    }
    if (status.state === 'queued')
      report({ state: 'in_queue', queuePosition: status.queuePosition, elapsedMs: elapsed() });
    else if (status.state === 'running') report({ state: 'running', elapsedMs: elapsed() });
    else break;
  }

  if (status.state === 'failed' || status.state === 'cancelled') {
    const message =
      status.state === 'cancelled'
        ? `cancelled at ${provider}`
        : status.message !== undefined
          ? `${provider}: ${status.message}`
          : await failureReason(svc, entry);
    throw new NodeStop(status.state, message, entry.requestId);
  }

  report({ state: 'downloading', elapsedMs: elapsed() });
  let outputs = status.outputs;
  let costUsd = status.costUsd;
  // Runflow's status answer is the whole run: outputs, cost and seed come together.
  let seed = status.seed;
  if (!outputs || outputs.length === 0) {
    const result = await withPollRetry(svc, () =>
      adapter.result(entry.requestId, entry.endpoint, svc.lifetime),
    ).catch((e: unknown) => {
      throw pollFailure(provider, entry.requestId, 'result fetch', e);
    });
    outputs = result.outputs;
    costUsd ??= result.costUsd;
    seed ??= result.seed;
  }
  if (outputs.length === 0) {
    throw new NodeStop(
      'failed',
      `${provider} finished the job but returned no image`,
      entry.requestId,
    );
  }

  const images = await downloadAll(svc, outputs, async () => {
    const fresh = await adapter.result(entry.requestId, entry.endpoint, svc.lifetime);
    return fresh.outputs;
  });
  return {
    key: entry.cacheKey,
    provider: entry.provider,
    endpoint: entry.endpoint,
    requestId: entry.requestId,
    images,
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...(seed !== undefined ? { seed } : {}),
    createdAt: svc.now(),
  };
}

/**
 * A status check or result fetch that gave up. Network errors, 429 and 5xx leave
 * the job unreachable, not ended; anything else (an answer we cannot read, an
 * unknown job) ends it.
 */
function pollFailure(provider: string, requestId: string, what: string, e: unknown): Error {
  if (!(e instanceof ProviderError)) return e as Error;
  if (e.kind === 'transient' || e.kind === 'rate_limit') {
    return new JobUnreachable(
      'failed',
      `${provider} ${what} kept failing: ${e.message} — the job ${requestId} is kept and the next run collects it instead of sending it again`,
      requestId,
    );
  }
  return new NodeStop('failed', `${provider} ${what} failed: ${e.message}`, requestId);
}

/**
 * Why a failed job failed, when its status did not say: RunComfy's status answer
 * carries no reason, its result endpoint does (the adapter reports it as the error).
 */
async function failureReason(
  svc: EngineServices,
  entry: JournalEntry & { requestId: string },
): Promise<string> {
  const provider = PROVIDER_NAMES[entry.provider];
  const fallback = `${provider}: the job failed without a message`;
  try {
    await svc.adapters[entry.provider]!.result(entry.requestId, entry.endpoint, svc.lifetime);
    return fallback;
  } catch (e) {
    return e instanceof ProviderError && e.kind === 'validation' ? e.message : fallback;
  }
}

async function withPollRetry<T>(svc: EngineServices, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt >= pollAttempts(svc, e)) throw e;
      const retryAfterMs = (e as ProviderError).retryAfterMs;
      await sleep(backoffDelay(svc.pollRetry, attempt, svc.random, retryAfterMs), svc.lifetime);
    }
  }
}

/**
 * Downloads every output. An expired URL gets one fresh set of URLs from the
 * provider's result endpoint; other download errors are retried (downloads are free).
 */
async function downloadAll(
  svc: EngineServices,
  outputs: OutputRef[],
  refresh: () => Promise<OutputRef[]>,
): Promise<CachedResult['images']> {
  const images: CachedResult['images'] = [];
  let refreshed: OutputRef[] | undefined;
  for (let i = 0; i < outputs.length; i++) {
    let ref = outputs[i]!;
    let image: OutputImage | undefined;
    for (let attempt = 1; !image; attempt++) {
      try {
        const bytes = await svc.download(ref.url, svc.lifetime);
        image = await storeImage(svc.blobs, bytes, `output ${i + 1}`);
      } catch (e) {
        if (e instanceof ExpiredUrlError && !refreshed) {
          refreshed = await refresh();
          const fresh = refreshed[i];
          if (!fresh)
            throw new NodeStop('failed', `output ${i + 1} expired before it could be downloaded`);
          ref = fresh;
          continue;
        }
        if (e instanceof ExpiredUrlError) {
          throw new NodeStop('failed', `output ${i + 1} expired before it could be downloaded`);
        }
        // A refused redirect (a loop, too many hops) would be refused again.
        const permanent = e instanceof RedirectRefusedError;
        if (permanent || attempt >= svc.pollRetry.attempts || svc.lifetime.aborted) {
          throw new NodeStop(
            'failed',
            `downloading output ${i + 1} failed: ${(e as Error).message}`,
          );
        }
        await sleep(backoffDelay(svc.pollRetry, attempt, svc.random), svc.lifetime);
      }
    }
    const url = ref.url.startsWith('data:') ? undefined : ref.url;
    images.push({ ...image, ...(url ? { url, receivedAt: svc.now() } : {}) });
  }
  return images;
}
