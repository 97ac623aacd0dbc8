import type { OutputImage } from '../../../shared/run/events';
import { nodeFetch } from '../providers/nodeTransport';
import type { FetchLike, FetchResponse } from '../providers/types';
import type { BlobStore } from '../storage/blobStore';
import { decodeDataUri, readImageInfo } from './imageInfo';

/** The URL answered 401/403/404/410: a presigned URL that has expired. */
export class ExpiredUrlError extends Error {}

/** A redirect the downloader will not follow (a loop, too many, not http(s)): retrying cannot help. */
export class RedirectRefusedError extends Error {}

export type Downloader = (url: string, signal?: AbortSignal) => Promise<Uint8Array>;

/** Storage hosts hand off to CDNs; a longer chain is a misconfiguration or a trap. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches an output without credentials: output URLs are presigned, and an API key
 * must never travel to a storage host. Redirects are followed here, whatever the
 * transport does with them: at most MAX_REDIRECTS, to http(s) URLs only, never
 * back to a URL already visited.
 */
export function createDownloader(
  timeoutMs = 120_000,
  fetchImpl: FetchLike = nodeFetch,
): Downloader {
  return async (url, signal) => {
    const data = decodeDataUri(url);
    if (data) return data.bytes;
    const timeout = AbortSignal.timeout(timeoutMs);
    const res = await fetchFollowing(fetchImpl, url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if ([401, 403, 404, 410].includes(res.status)) {
      throw new ExpiredUrlError(`output URL answered ${res.status} (expired?)`);
    }
    if (!res.ok) throw new Error(`downloading an output failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/** GETs `url`, following redirects by the rules above; answers the first non-redirect. */
async function fetchFollowing(
  fetchImpl: FetchLike,
  url: string,
  init: { signal: AbortSignal },
): Promise<FetchResponse> {
  let current = new URL(url);
  const visited = new Set([current.href]);
  for (let redirects = 0; ; redirects++) {
    const res = await fetchImpl(current, { ...init, redirect: 'manual' });
    const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get('location') : null;
    if (location === null) return res;
    await res.body?.cancel().catch(() => undefined);
    const where = `the output URL (host ${new URL(url).host})`;
    if (redirects >= MAX_REDIRECTS) {
      throw new RedirectRefusedError(
        `${where} redirected more than ${MAX_REDIRECTS} times; the download was stopped`,
      );
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new RedirectRefusedError(`${where} redirected to something that is not a URL`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new RedirectRefusedError(
        `${where} redirected to a ${next.protocol} URL; only http(s) redirects are followed`,
      );
    }
    if (visited.has(next.href)) {
      throw new RedirectRefusedError(
        `${where} redirects in a loop (back to ${next.host}${next.pathname}); the download was stopped`,
      );
    }
    visited.add(next.href);
    current = next;
  }
}

/** Stores downloaded bytes after checking they are an image. */
export async function storeImage(
  blobs: BlobStore,
  bytes: Uint8Array,
  what: string,
): Promise<OutputImage> {
  const info = readImageInfo(bytes);
  if (!info)
    throw new Error(`${what} is not a PNG, JPEG, WebP or GIF image (${bytes.byteLength} bytes)`);
  if (info.width <= 0 || info.height <= 0) throw new Error(`${what} has no pixels`);
  const stored = await blobs.put(bytes);
  return {
    hash: stored.hash,
    mimeType: info.mimeType,
    width: info.width,
    height: info.height,
    bytes: stored.bytes,
  };
}
