import { open } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { isThumbSize } from '../../shared/contract/hostApi';
import type { HostService } from '../core/host/hostService';
import { NotAnImageError } from '../core/storage/thumbnails';
import type { Thumbnail } from '../core/storage/thumbnails';
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

/** The image type from the first bytes (blobs have no extension), if it is one. */
export function sniffImageType(head: Uint8Array): string | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && head[8] === 0x57 && head[9] === 0x45) return 'image/webp';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  return undefined;
}

const plain = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Where the protocol gets its bytes: the host service (blobPath, thumbnail). */
export type BlobSource = Pick<HostService, 'blobPath' | 'thumbnail'>;

const IMMUTABLE = 'private, max-age=31536000, immutable';

export async function serveBlob(request: Request, source: BlobSource): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'method not allowed');
  const parsed = parseBlobUrl(request.url);
  if (!parsed) return plain(400, 'not a content hash');
  const { hash, thumb } = parsed;
  if (thumb !== undefined) return serveThumb(request, source, hash, thumb);
  let data: Buffer;
  try {
    const handle = await open(source.blobPath(hash), 'r');
    try {
      data = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch {
    return plain(404, 'no such image');
  }
  const type = sniffImageType(data.subarray(0, 12));
  // Only recognised images: nothing stored may come back as a page or a script.
  if (!type) return plain(415, 'the stored file is not an image');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(data), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Length': String(data.byteLength),
      // Content-addressed: the bytes behind a hash never change.
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

async function serveThumb(
  request: Request,
  source: BlobSource,
  hash: string,
  size: number,
): Promise<Response> {
  if (!isThumbSize(size)) return plain(400, 'not a thumbnail size');
  let thumb: Thumbnail | null;
  try {
    thumb = await source.thumbnail(hash, size);
  } catch (e) {
    if (e instanceof NotAnImageError) return plain(415, 'the stored file is not an image');
    return plain(500, 'the thumbnail could not be made');
  }
  if (!thumb) return plain(404, 'no such image');
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(thumb.data), {
    status: 200,
    headers: {
      'Content-Type': thumb.type,
      'Content-Length': String(thumb.data.byteLength),
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export function registerBlobProtocol(protocol: Pick<Protocol, 'handle'>, source: BlobSource): void {
  protocol.handle(BLOB_SCHEME, (request) => serveBlob(request, source));
}
