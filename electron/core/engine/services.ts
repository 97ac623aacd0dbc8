import type { ProviderId } from '../../../shared/catalog/model';
import type { ProviderAdapter } from '../providers/types';
import type { BlobStore } from '../storage/blobStore';
import type { JobJournal } from '../storage/jobJournal';
import type { CachedResult, ResultCache } from '../storage/resultCache';
import type { Downloader } from './download';
import type { Limiter } from './limiter';
import type { BackoffPolicy } from './timing';

/** What every job of every run shares for the lifetime of an engine. */
export interface EngineServices {
  adapters: Partial<Record<ProviderId, ProviderAdapter>>;
  blobs: BlobStore;
  cache: ResultCache;
  journal: JobJournal;
  download: Downloader;
  globalLimiter: Limiter;
  providerLimiters: Record<ProviderId, Limiter>;
  /** Jobs at a provider by cache key: a second node with the same key waits for it. */
  inflight: Map<string, Promise<CachedResult>>;
  /** Collections that outlive their run (cancelled but not cancellable, resumed). */
  background: Set<Promise<unknown>>;
  /** Aborted by engine.close(): stops polling; the journal keeps the jobs for later. */
  lifetime: AbortSignal;
  pollIntervalMs: number;
  submitRetry: BackoffPolicy;
  pollRetry: BackoffPolicy;
  /** How long a provider's output URL must still be valid, by its stated expiry, to be sent on. */
  urlMarginMs: number;
  now: () => number;
  random: () => number;
  newId: () => string;
}

/** A node ended without output: its state and the message to show. */
export class NodeStop extends Error {
  constructor(
    readonly state: 'failed' | 'cancelled' | 'skipped' | 'held',
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'NodeStop';
  }
}
