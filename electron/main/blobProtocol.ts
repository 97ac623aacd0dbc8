import { open } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { BLOB_HASH, BLOB_SCHEME } from './channels';

/**
 * `nodeloom-blob://<sha256>`: the stored images (inputs, outputs), straight from
 * the content-addressed store. Only a well-formed hash is looked up, so a URL can
 * never name a path; anything else is a 400/404.
 */

// Not a "standard" scheme: a 64-character hash is not a valid host name, and the
// URL has no path or origin semantics to give. It only ever feeds <img>.
export const BLOB_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: BLOB_SCHEME,
  privileges: { secure: true, supportFetchAPI: true },
};

/** The hash a blob URL names, or undefined for anything else. */
export function blobHashOf(url: string): string | undefined {
  const match = /^nodeloom-blob:\/\/([0-9a-fA-F]{64})\/?$/.exec(url);
  const hash = match?.[1]?.toLowerCase();
  return hash && BLOB_HASH.test(hash) ? hash : undefined;
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

export async function serveBlob(
  request: Request,
  blobPath: (hash: string) => string,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'method not allowed');
  const hash = blobHashOf(request.url);
  if (!hash) return plain(400, 'not a content hash');
  let data: Buffer;
  try {
    const handle = await open(blobPath(hash), 'r');
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
      'Cache-Control': 'private, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export function registerBlobProtocol(
  protocol: Pick<Protocol, 'handle'>,
  blobPath: (hash: string) => string,
): void {
  protocol.handle(BLOB_SCHEME, (request) => serveBlob(request, blobPath));
}
