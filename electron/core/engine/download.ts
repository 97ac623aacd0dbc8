import type { OutputImage } from '../../../shared/run/events';
import { nodeFetch } from '../providers/nodeTransport';
import type { FetchLike } from '../providers/types';
import type { BlobStore } from '../storage/blobStore';
import { decodeDataUri, readImageInfo } from './imageInfo';

/** The URL answered 401/403/404/410: a presigned URL that has expired. */
export class ExpiredUrlError extends Error {}

export type Downloader = (url: string, signal?: AbortSignal) => Promise<Uint8Array>;

/**
 * Fetches an output without credentials: output URLs are presigned, and an API key
 * must never travel to a storage host.
 */
export function createDownloader(
  timeoutMs = 120_000,
  fetchImpl: FetchLike = nodeFetch,
): Downloader {
  return async (url, signal) => {
    const data = decodeDataUri(url);
    if (data) return data.bytes;
    const timeout = AbortSignal.timeout(timeoutMs);
    const res = await fetchImpl(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: 'follow',
    });
    if ([401, 403, 404, 410].includes(res.status)) {
      throw new ExpiredUrlError(`output URL answered ${res.status} (expired?)`);
    }
    if (!res.ok) throw new Error(`downloading an output failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
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
