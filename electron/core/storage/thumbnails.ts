import { readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { THUMB_SIZES, isThumbSize } from '../../../shared/contract/hostApi';
import type { ThumbSize } from '../../../shared/contract/hostApi';
import { sniffImageType } from '../../../shared/image/sniff';
import { writePrivateFile } from './privateFiles';
import { readRegularFile } from './regularFile';
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
  /**
   * The most bytes the cached thumbnails may take together; default 256 MB. When a
   * new thumbnail goes over, the least recently used ones are removed.
   */
  maxBytes?: number;
  /** Told when a cached thumbnail could not be removed. */
  warn?: (message: string) => void;
}

/** A cached thumbnail is a small WebP; anything larger is not one of ours. */
const MAX_THUMB_FILE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_THUMB_CACHE_BYTES = 256 * 1024 * 1024;

const HASH = /^[a-f0-9]{64}$/;

/** A cached file is served only if it is a whole WebP file (RIFF size matches). */
function isWholeWebp(b: Buffer): boolean {
  return b.length >= 16 && sniffImageType(b) === 'image/webp' && b.readUInt32LE(4) + 8 === b.length;
}

/**
 * Small WebP copies of the stored images, for every thumbnail the UI shows: the
 * longest side is one of THUMB_SIZES (an image already smaller keeps its size).
 * Made with sharp on first request and cached in <root>/<size>/<hash>.webp, written
 * atomically; blobs never change, so a cached thumbnail never goes stale. Requests
 * for the same thumbnail while it is being made share one job, and at most
 * `concurrency` images are decoded at once (200 thumbnails asked for together
 * must not decode 200 full images in parallel).
 *
 * The cache is bounded: thumbnails are derived data (made again from their blob on
 * the next request), so once they take more than `maxBytes` the least recently used
 * are removed. Their order is kept in memory (a Map in use order) and on disk as
 * each file's mtime, set on every use, so it survives a restart: the index is read
 * from the folder on first use, oldest first. Only files in this cache are removed,
 * never a blob.
 */
export class ThumbnailStore {
  private readonly pending = new Map<string, Promise<Thumbnail | null>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly quality: number;
  private readonly maxBytes: number;
  private readonly warn: (message: string) => void;
  /** Cached files and their sizes, least recently used first; read on first use. */
  private index: Promise<Map<string, number>> | null = null;
  private total = 0;
  /** How many thumbnails were made (not read from the cache): for tests. */
  generated = 0;
  /** How many cached thumbnails were removed to stay under maxBytes: for tests. */
  evicted = 0;

  constructor(
    readonly root: string,
    private readonly blobs: BlobStore,
    options: ThumbnailStoreOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.quality = options.quality ?? 80;
    this.maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_THUMB_CACHE_BYTES);
    this.warn = options.warn ?? ((m) => console.warn(`warning: ${m}`));
  }

  /** What the cached thumbnails take together, as this store counts them. */
  async cachedBytes(): Promise<number> {
    await this.cached();
    return this.total;
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
    const index = await this.cached();
    const cached = await readRegularFile(file, {
      what: 'thumbnail',
      maxBytes: MAX_THUMB_FILE_BYTES,
    }).catch(() => undefined);
    if (cached && isWholeWebp(cached)) {
      this.used(index, file, cached.length);
      // The use order on disk, for the next start; a failure only makes it older.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return { path: file, data: cached, type: 'image/webp' };
    }
    if (!(await this.blobs.has(hash))) return null;
    const data = await this.limited(() => this.make(this.blobs.pathOf(hash), size));
    await writePrivateFile(file, data);
    this.generated++;
    this.used(index, file, data.length);
    await this.evict(index, file);
    return { path: file, data, type: 'image/webp' };
  }

  /** Moves `file` to the most recently used end of the index. */
  private used(index: Map<string, number>, file: string, bytes: number): void {
    this.total -= index.get(file) ?? 0;
    index.delete(file);
    index.set(file, bytes);
    this.total += bytes;
  }

  /** Removes the least recently used thumbnails (never `keep`) until the total fits. */
  private async evict(index: Map<string, number>, keep: string): Promise<void> {
    const victims: string[] = [];
    for (const [file, bytes] of index) {
      if (this.total <= this.maxBytes) break;
      if (file === keep) continue;
      index.delete(file);
      this.total -= bytes;
      victims.push(file);
    }
    this.evicted += victims.length;
    await Promise.all(
      victims.map((f) =>
        rm(f, { force: true }).catch((e: unknown) =>
          this.warn(`could not remove the cached thumbnail ${f}: ${(e as Error).message}`),
        ),
      ),
    );
  }

  /** The index of cached thumbnails, read from the folder once: oldest mtime first. */
  private cached(): Promise<Map<string, number>> {
    this.index ??= this.scan().then((files) => {
      files.sort((a, b) => a.mtimeMs - b.mtimeMs);
      const index = new Map<string, number>();
      for (const f of files) this.used(index, f.file, f.bytes);
      return index;
    });
    return this.index;
  }

  private async scan(): Promise<Array<{ file: string; bytes: number; mtimeMs: number }>> {
    const found = await Promise.all(
      THUMB_SIZES.map(async (size) => {
        const dir = path.join(this.root, String(size));
        const names = await readdir(dir).catch(() => [] as string[]);
        const files = names.filter((n) => /^[a-f0-9]{64}\.webp$/.test(n));
        const stats = await Promise.all(
          files.map(async (n) => {
            const file = path.join(dir, n);
            const info = await stat(file).catch(() => undefined);
            return info?.isFile() ? { file, bytes: info.size, mtimeMs: info.mtimeMs } : undefined;
          }),
        );
        return stats.filter((s) => s !== undefined);
      }),
    );
    return found.flat();
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
