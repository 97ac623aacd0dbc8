import type { CustomScheme, Protocol } from 'electron';
import { readStoredImage } from '../core/host/storedImages';
import type { StoredImageSource } from '../core/host/storedImages';
import { BLOB_HASH, BLOB_SCHEME } from './channels';

/**
 * `nodeloom-blob://<sha256>`: the stored images (inputs, outputs), straight from
 * the content-addressed store; `nodeloom-blob://<sha256>?thumb=<size>`: a small
 * WebP copy of one (size one of THUMB_SIZES), from the host's thumbnail cache.
 * Only a well-formed hash (and size) is looked up, so a URL can never name a path;
 * anything else is a 400/404.
 */

// Not a "standard" scheme: a 64-character hash is not a valid host name, and the
// URL has no path or origin semantics to give. It only ever feeds <img>.
export const BLOB_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: BLOB_SCHEME,
  privileges: { secure: true, supportFetchAPI: true },
};

export interface BlobRequest {
  hash: string;
  /** `?thumb=N`: the thumbnail at this size (not checked against THUMB_SIZES here). */
  thumb?: number;
}

/** What a blob URL names: a hash, and a thumbnail size if it asks for one; else undefined. */
export function parseBlobUrl(url: string): BlobRequest | undefined {
  const match = /^nodeloom-blob:\/\/([0-9a-fA-F]{64})\/?(?:\?thumb=([0-9]{1,4}))?$/.exec(url);
  const hash = match?.[1]?.toLowerCase();
  if (!hash || !BLOB_HASH.test(hash)) return undefined;
  return match?.[2] === undefined ? { hash } : { hash, thumb: Number(match[2]) };
}

/** The hash a plain (full-size) blob URL names, or undefined for anything else. */
export function blobHashOf(url: string): string | undefined {
  const parsed = parseBlobUrl(url);
  return parsed && parsed.thumb === undefined ? parsed.hash : undefined;
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export async function serveBlob(request: Request, source: StoredImageSource): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'method not allowed');
  const parsed = parseBlobUrl(request.url);
  if (!parsed) return plain(400, 'not a content hash');
  const image = await readStoredImage(source, parsed.hash, parsed.thumb);
  if (!image.ok) return plain(image.status, image.message);
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(image.data), {
    status: 200,
    headers: image.headers,
  });
}

export function registerBlobProtocol(
  protocol: Pick<Protocol, 'handle'>,
  source: StoredImageSource,
): void {
  protocol.handle(BLOB_SCHEME, (request) => serveBlob(request, source));
}
