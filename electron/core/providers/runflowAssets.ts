import { z } from 'zod';
import { PROVIDER_NAMES } from '../../../shared/catalog/model';
// timing.ts imports nothing, so this creates no cycle with the engine (which imports us).
import { backoffDelay, sleep } from '../engine/timing';
import type { BackoffPolicy } from '../engine/timing';
import { parseRetryAfter } from './http';
import type { HttpClient, HttpRequest } from './http';
import { MIB, checkMime, formatMiB, imageError, imageLabel, toDataUri } from './images';
import { ProviderError } from './types';
import type { ImageInput } from './types';

/**
 * Runflow's local-image path: small images inline as data URIs, larger ones through
 * the asset upload flow (create session -> PUT bytes to storage -> confirm), whose
 * confirmed asset carries a signed URL the model can fetch. An upload is free and
 * creates no billed job, so a transient failure of any step is retried (with a fresh
 * session) after a jittered backoff.
 */

const PROVIDER = 'runflow';

/** Runflow takes inline base64 below 1 MiB; larger images must be uploaded. */
export const RUNFLOW_INLINE_MAX_BYTES = MIB;
/** The asset upload cap (Runflow's SDK: 50 MB). */
export const RUNFLOW_UPLOAD_MAX_BYTES = 52_428_800;
/** Storage PUTs move whole files: give them at least this long. */
export const UPLOAD_TIMEOUT_MS = 120_000;

const SessionSchema = z.looseObject({
  asset_id: z.string().regex(/^[^/]{1,256}$/, 'not an asset id'),
  upload_url: z.string().min(1),
});

const AssetSchema = z.looseObject({
  url: z.string().regex(/^https?:\/\//i, 'not an http(s) URL'),
});

/** Attempts in all and their delays: about 7 s of waiting at most before giving up. */
export const DEFAULT_UPLOAD_RETRY: BackoffPolicy = { baseMs: 500, maxMs: 8_000, attempts: 4 };
/** A Retry-After longer than this fails the upload instead of holding the node's slot. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** How transient upload failures are retried; every field has a default. */
export interface UploadRetryOptions {
  /** Attempts in all (the first included) and the backoff between them. */
  policy?: BackoffPolicy;
  /** The longest Retry-After honoured; a provider asking for longer fails the upload at once. */
  maxRetryAfterMs?: number;
  /** Injected for tests: jitter source (default Math.random). */
  random?: () => number;
  /** Injected for tests: the wait between attempts (default: a timer the signal aborts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface AssetContext {
  http: HttpClient;
  /** Sends a JSON call to the Runflow API and parses its 2xx answer. */
  call<T>(req: HttpRequest, schema: z.ZodType<T>): Promise<T>;
  /** The JSON-call timeout; uploads get at least UPLOAD_TIMEOUT_MS. */
  timeoutMs: number;
  retry?: UploadRetryOptions;
}

/** Only failures that say "try again later"; auth, credit, validation and protocol are final. */
const RETRYABLE: ReadonlySet<string> = new Set(['transient', 'rate_limit']);

/** Turns one image into a string for `image_urls`. */
export async function prepareRunflowImage(
  ctx: AssetContext,
  image: Extract<ImageInput, { kind: 'bytes' }>,
  index: number,
  signal?: AbortSignal,
): Promise<string> {
  const mime = checkMime(PROVIDER, image, index);
  const size = image.bytes.byteLength;
  // The limit is read as the size of what is sent: the data URI, base64 and all
  // (4/3 of the bytes), which is safe whichever way Runflow counts it.
  const inline = toDataUri(mime, image.bytes);
  if (inline.length < RUNFLOW_INLINE_MAX_BYTES) return inline;
  if (size > RUNFLOW_UPLOAD_MAX_BYTES) {
    throw imageError(
      PROVIDER,
      `${imageLabel(image, index)} is ${formatMiB(size)}; Runflow accepts uploads up to ` +
        `${formatMiB(RUNFLOW_UPLOAD_MAX_BYTES)}. Resize or compress it.`,
    );
  }
  return withUploadRetry(ctx.retry ?? {}, imageLabel(image, index), signal, () =>
    uploadOnce(ctx, image, index, mime, signal),
  );
}

/**
 * Runs `upload` until it succeeds, fails for good, or has used every attempt. The
 * final error names the image and carries the last cause; the caller's abort (during
 * a call or a wait) ends it at once with the signal's reason.
 */
async function withUploadRetry(
  options: UploadRetryOptions,
  label: string,
  signal: AbortSignal | undefined,
  upload: () => Promise<string>,
): Promise<string> {
  const policy = options.policy ?? DEFAULT_UPLOAD_RETRY;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  const attempts = Math.max(1, Math.floor(policy.attempts));
  const name = PROVIDER_NAMES.runflow;

  for (let attempt = 1; ; attempt++) {
    try {
      return await upload();
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      // Not worth repeating (auth, credit, a refused image): still say which image.
      if (!RETRYABLE.has(e.kind))
        throw uploadError(e, `Could not upload ${label} to ${name}: ${e.message}`);
      if (signal?.aborted) throw signal.reason;
      const tooLong = e.retryAfterMs !== undefined && e.retryAfterMs > maxRetryAfterMs;
      if (attempt >= attempts || tooLong) {
        const why = tooLong
          ? `${name} asked to wait ${Math.ceil(e.retryAfterMs! / 1000)} s before trying again`
          : `it failed ${attempt} time${attempt === 1 ? '' : 's'}`;
        throw uploadError(
          e,
          `Could not upload ${label} to ${name} (${why}); the run was not created. Cause: ${e.message}`,
        );
      }
      await wait(backoffDelay(policy, attempt, random, e.retryAfterMs), signal);
    }
  }
}

/** An upload failure as the node reports it: the same kind, naming the image. */
function uploadError(e: ProviderError, message: string): ProviderError {
  return new ProviderError({
    provider: PROVIDER,
    kind: e.kind,
    // No run exists yet: nothing was billed, the node may simply be run again.
    delivery: 'no',
    status: e.status,
    code: e.code,
    retryAfterMs: e.retryAfterMs,
    cause: e,
    message,
  });
}

/** One pass of the upload flow; every pass starts a fresh session (a fresh upload URL). */
async function uploadOnce(
  ctx: AssetContext,
  image: Extract<ImageInput, { kind: 'bytes' }>,
  index: number,
  mime: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const size = image.bytes.byteLength;
  const session = await ctx.call(
    {
      method: 'POST',
      target: '/v1/asset-uploads',
      body: JSON.stringify({ filename: image.name, mime_type: mime, size_bytes: size }),
      signal,
    },
    SessionSchema,
  );

  const uploadUrl = checkUploadUrl(ctx.http, session.upload_url);
  // An upload URL on another origin is presigned: the http client sends the key only
  // to the API origin, so storage never sees it.
  const put = await ctx.http.request({
    method: 'PUT',
    target: uploadUrl,
    body: image.bytes,
    contentType: mime,
    signal,
    expect: 'none',
    timeoutMs: Math.max(ctx.timeoutMs, UPLOAD_TIMEOUT_MS),
  });
  if (put.status < 200 || put.status >= 300) {
    const retryable = put.status >= 500 || put.status === 429 || put.status === 408;
    throw new ProviderError({
      provider: PROVIDER,
      // A fresh session gets a fresh URL, so server-side failures are worth a retry.
      kind: retryable ? 'transient' : 'protocol',
      delivery: 'no',
      status: put.status,
      retryAfterMs: parseRetryAfter(put.headers.get('retry-after')),
      message: `${PROVIDER_NAMES.runflow} storage refused the upload of ${imageLabel(image, index)} (HTTP ${put.status}).`,
    });
  }

  const asset = await ctx.call(
    {
      method: 'POST',
      target: `/v1/asset-uploads/${encodeURIComponent(session.asset_id)}/confirmations`,
      body: '{}',
      signal,
    },
    AssetSchema,
  );
  return asset.url;
}

/** Storage must be https, unless the API itself is plain http (a local server). */
function checkUploadUrl(http: HttpClient, raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const allowed =
    url !== undefined &&
    (url.protocol === 'https:' || (url.protocol === 'http:' && http.base.protocol === 'http:'));
  if (!allowed) {
    // Nothing billable exists yet, so a retry (with a fresh session) is safe.
    throw new ProviderError({
      provider: PROVIDER,
      kind: 'protocol',
      delivery: 'no',
      message: 'Runflow gave an upload URL that is not https; the image was not uploaded.',
    });
  }
  return raw;
}
