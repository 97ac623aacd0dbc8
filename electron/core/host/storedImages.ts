import { THUMB_SIZES, isThumbSize } from '../../../shared/contract/hostApi';
import { sniffImageType } from '../../../shared/image/sniff';
import { MAX_STORED_IMAGE_BYTES } from '../storage/blobStore';
import { FileReadError, readRegularFile } from '../storage/regularFile';
import { NotAnImageError } from '../storage/thumbnails';
import type { Thumbnail } from '../storage/thumbnails';
import type { HostService } from './hostService';

/**
 * A stored image (an input or an output, by its content hash) or a thumbnail of
 * one, as both transports serve it: the Electron `nodeloom-blob:` protocol and the
 * web host's /api/blob and /api/thumb. Each transport parses its own URL and turns
 * the answer into its own response; what is served, with which headers and which
 * refusals, is decided here once.
 */

export type StoredImageSource = Pick<HostService, 'blobPath' | 'thumbnail'>;

export type StoredImage =
  | { ok: true; data: Buffer; headers: Record<string, string> }
  | { ok: false; status: 400 | 404 | 415 | 500; message: string };

const HASH = /^[a-f0-9]{64}$/;

const refuse = (status: 400 | 404 | 415 | 500, message: string): StoredImage => ({
  ok: false,
  status,
  message,
});

function served(data: Buffer, type: string, etag: string): StoredImage {
  return {
    ok: true,
    data,
    headers: {
      'Content-Type': type,
      'Content-Length': String(data.byteLength),
      // Content-addressed: the bytes behind a hash (and size) never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${etag}"`,
      'X-Content-Type-Options': 'nosniff',
    },
  };
}

/** The image `hash` names, or its thumbnail at `thumb` (one of THUMB_SIZES). */
export async function readStoredImage(
  source: StoredImageSource,
  hash: string,
  thumb?: number,
): Promise<StoredImage> {
  if (!HASH.test(hash)) return refuse(404, 'not an image hash');
  if (thumb !== undefined) return readThumbnail(source, hash, thumb);
  let data: Buffer;
  try {
    // A regular file within the stored-image limit, read without blocking on a FIFO.
    data = await readRegularFile(source.blobPath(hash), {
      what: 'stored image',
      maxBytes: MAX_STORED_IMAGE_BYTES,
    });
  } catch (e) {
    if (e instanceof FileReadError && e.reason === 'missing') return refuse(404, 'no such image');
    // The path stays on this side: the message names no file.
    return refuse(500, 'the stored image could not be read');
  }
  const type = sniffImageType(data);
  // Only recognised images: nothing stored may come back as a page or a script.
  if (!type) return refuse(415, 'the stored file is not an image');
  return served(data, type, hash);
}

async function readThumbnail(
  source: StoredImageSource,
  hash: string,
  size: number,
): Promise<StoredImage> {
  if (!isThumbSize(size)) return refuse(400, `size must be one of ${THUMB_SIZES.join(', ')}`);
  let thumb: Thumbnail | null;
  try {
    thumb = await source.thumbnail(hash, size);
  } catch (e) {
    if (e instanceof NotAnImageError) return refuse(415, 'the stored file is not an image');
    return refuse(500, 'the thumbnail could not be made');
  }
  if (!thumb) return refuse(404, 'no such image');
  return served(thumb.data, thumb.type, `${hash}-${size}`);
}
