import type { ProviderId } from '../../../shared/catalog/model';

/**
 * How a failure should be handled. `validation`: the provider refused the input
 * (show its message). `auth`: the key is wrong (stop that provider). `credit`: no
 * balance (stop the run). `rate_limit`: back off, honouring Retry-After.
 * `transient`: 5xx or network, worth retrying where retrying is safe. `not_found`:
 * the request or run is unknown (or expired) at the provider. `protocol`: the
 * provider answered something we cannot read.
 */
export type ProviderErrorKind =
  'validation' | 'auth' | 'credit' | 'rate_limit' | 'transient' | 'not_found' | 'protocol';

/**
 * Whether a submit reached the provider. Only `no` makes a retry safe: `maybe`
 * (connection lost after sending, timeout, unreadable answer, 5xx from a gateway)
 * could have created a billed job, so it is never resubmitted automatically.
 */
export type Delivery = 'no' | 'maybe' | 'yes';

export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  readonly delivery: Delivery;
  readonly status?: number;
  /** The provider's own error code (`422001`, `INSUFFICIENT_CREDIT`). */
  readonly code?: string;
  readonly retryAfterMs?: number;

  constructor(init: {
    provider: ProviderId;
    kind: ProviderErrorKind;
    message: string;
    delivery: Delivery;
    status?: number;
    code?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.delivery = init.delivery;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** An image to send: already public (a URL the provider can fetch) or local bytes. */
export type ImageInput =
  | { kind: 'url'; url: string }
  | { kind: 'bytes'; bytes: Uint8Array; mimeType: string; name: string };

export interface SubmitRequest {
  /** The provider's model id, e.g. `google/nano-banana/pro/edit`. */
  endpoint: string;
  /** The model input, exactly as the provider's schema names it; images already prepared. */
  input: Record<string, unknown>;
  /** Our job id, sent where the provider keeps a client reference (for support and audits). */
  clientRef?: string;
}

export interface SubmitResult {
  requestId: string;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface OutputRef {
  /** An https/http URL (expires) or a data: URI (Runflow sync_mode). */
  url: string;
  contentType?: string;
  width?: number;
  height?: number;
}

export interface JobStatus {
  state: JobState;
  /** Position in the provider's queue while queued, when the provider says. */
  queuePosition?: number;
  /** The provider's reason, when failed. */
  message?: string;
  /** Outputs, when the status answer carries them (Runflow's run object does). */
  outputs?: OutputRef[];
  /** Actual cost in USD, when the provider reports it. */
  costUsd?: number;
  /** The seed the model used, when the status answer carries it with the outputs. */
  seed?: number;
}

export interface JobResult {
  outputs: OutputRef[];
  costUsd?: number;
  seed?: number;
}

export type CancelOutcome = 'cancelled' | 'not_cancellable' | 'unsupported';

/**
 * One hosted provider. Every method parses the provider's answer with zod and
 * throws a ProviderError on failure; none retries by itself (the engine decides,
 * because only it knows what is safe to repeat).
 */
export interface ProviderAdapter {
  readonly id: ProviderId;
  /** Where the jobs go: part of every cache key, so results from one endpoint (an emulator, a staging host) never answer for another. */
  readonly baseUrl: string;
  /** Turns images into what `image_urls` accepts (data URIs, uploads or URLs). */
  prepareImages(images: readonly ImageInput[], signal?: AbortSignal): Promise<string[]>;
  submit(request: SubmitRequest, signal?: AbortSignal): Promise<SubmitResult>;
  /**
   * The job's state. `lastSeen` is the state the previous poll returned: an adapter
   * may use it to ask a cheaper or richer endpoint (RunComfy asks for the result
   * once the job runs, so the outputs arrive with the final poll).
   */
  status(
    requestId: string,
    endpoint: string,
    signal?: AbortSignal,
    lastSeen?: JobState,
  ): Promise<JobStatus>;
  result(requestId: string, endpoint: string, signal?: AbortSignal): Promise<JobResult>;
  cancel(requestId: string, endpoint: string, signal?: AbortSignal): Promise<CancelOutcome>;
}

/**
 * The part of `fetch` the clients use. The global fetch satisfies it; so does the
 * leaner node:http transport (nodeTransport.ts) that the app uses by default.
 */
export interface FetchResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  body: { cancel(): Promise<void> } | null;
}
export type FetchLike = (
  url: string | URL,
  init?: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Uint8Array<ArrayBuffer>;
    signal?: AbortSignal;
    /** Redirects are answered, never followed: callers that follow them do it themselves. */
    redirect?: 'manual';
  },
) => Promise<FetchResponse>;

export interface ProviderConfig {
  baseUrl: string;
  apiKey: string;
  /** Timeout of one HTTP call in ms. */
  timeoutMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: FetchLike;
}
