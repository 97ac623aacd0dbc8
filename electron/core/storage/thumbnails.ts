import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { THUMB_SIZES, isThumbSize } from '../../../shared/contract/hostApi';
import type { ThumbSize } from '../../../shared/contract/hostApi';
import { writeFileAtomic } from './atomicWrite';
import type { BlobStore } from './blobStore';

export interface Thumbnail {
  /** The cached file: <root>/<size>/<hash>.webp. */
  path: string;
  data: Buffer;
  type: 'image/webp';
}

/** The request names no thumbnail we make: a malformed hash or a size outside THUMB_SIZES. */
export class ThumbnailRequestError extends Error {}

/** The stored blob is not an image sharp can read: nothing to make a thumbnail of. */
export class NotAnImageError extends Error {}

export interface ThumbnailStoreOptions {
  /** Thumbnails made at the same time (each decodes a full image); default 2. */
  concurrency?: number;
  /** WebP quality, 1-100; default 80. */
  quality?: number;
}

const HASH = /^[a-f0-9]{64}$/;

/** A cached file is served only if it is a whole WebP file (RIFF size matches). */
function isWholeWebp(b: Buffer): boolean {
  return (
    b.length >= 16 &&
    b.toString('latin1', 0, 4) === 'RIFF' &&
    b.toString('latin1', 8, 12) === 'WEBP' &&
    b.readUInt32LE(4) + 8 === b.length
  );
}

/**
 * Small WebP copies of the stored images, for every thumbnail the UI shows: the
 * longest side is one of THUMB_SIZES (an image already smaller keeps its size).
 * Made with sharp on first request and cached in <root>/<size>/<hash>.webp, written
 * atomically; blobs never change, so a cached thumbnail never goes stale. Requests
 * for the same thumbnail while it is being made share one job, and at most
 * `concurrency` images are decoded at once (200 thumbnails asked for together
 * must not decode 200 full images in parallel).
 */
export class ThumbnailStore {
  private readonly pending = new Map<string, Promise<Thumbnail | null>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly quality: number;
  /** How many thumbnails were made (not read from the cache): for tests. */
  generated = 0;

  constructor(
    readonly root: string,
    private readonly blobs: BlobStore,
    options: ThumbnailStoreOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.quality = options.quality ?? 80;
  }

  /** Where the thumbnail of `hash` at `size` is cached; throws for a bad hash or size. */
  pathOf(hash: string, size: number): string {
    if (!HASH.test(hash)) throw new ThumbnailRequestError(`not a content hash: ${hash}`);
    if (!isThumbSize(size))
      throw new ThumbnailRequestError(
        `thumbnail size must be one of ${THUMB_SIZES.join(', ')}, not ${String(size)}`,
      );
    return path.join(this.root, String(size), `${hash}.webp`);
  }

  /**
   * The thumbnail of the blob `hash`, made if needed; null when there is no such blob.
   * Throws ThumbnailRequestError for a bad hash or size, NotAnImageError when the
   * blob cannot be decoded as an image.
   */
  get(hash: string, size: number): Promise<Thumbnail | null> {
    const file = this.pathOf(hash, size);
    const running = this.pending.get(file);
    if (running) return running;
    const job = this.load(hash, size as ThumbSize, file).finally(() => this.pending.delete(file));
    this.pending.set(file, job);
    return job;
  }

  private async load(hash: string, size: ThumbSize, file: string): Promise<Thumbnail | null> {
    const cached = await readFile(file).catch(() => undefined);
    if (cached && isWholeWebp(cached)) return { path: file, data: cached, type: 'image/webp' };
    if (!(await this.blobs.has(hash))) return null;
    const data = await this.limited(() => this.make(this.blobs.pathOf(hash), size));
    await writeFileAtomic(file, data);
    this.generated++;
    return { path: file, data, type: 'image/webp' };
  }

  private async make(source: string, size: ThumbSize): Promise<Buffer> {
    // Loaded on first use: the app starts without the native image library.
    const { default: sharp } = await import('sharp');
    try {
      return await sharp(source, { failOn: 'none' })
        .rotate() // EXIF orientation, so the thumbnail looks like the image
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: this.quality, effort: 2 })
        .toBuffer();
    } catch (e) {
      throw new NotAnImageError(`the stored file is not an image: ${(e as Error).message}`);
    }
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    // A finished task hands its slot straight to the next waiting one.
    if (this.running >= this.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
