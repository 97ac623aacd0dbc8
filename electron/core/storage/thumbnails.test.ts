import { access, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from './blobStore';
import { NotAnImageError, ThumbnailRequestError, ThumbnailStore } from './thumbnails';

let dir: string;
let blobs: BlobStore;
let thumbs: ThumbnailStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-thumbs-'));
  blobs = new BlobStore(path.join(dir, 'blobs'));
  thumbs = new ThumbnailStore(path.join(dir, 'thumbs'), blobs);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const png = (width: number, height: number, r = 200): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r, g: 90, b: 40 } } })
    .png()
    .toBuffer();

describe('ThumbnailStore', () => {
  it('makes a WebP whose longest side is the size asked for, cached under <size>/<hash>.webp', async () => {
    const wide = await blobs.put(await png(1600, 900));
    const tall = await blobs.put(await png(600, 1200, 10));

    const a = await thumbs.get(wide.hash, 256);
    expect(a).not.toBeNull();
    expect(a!.type).toBe('image/webp');
    expect(a!.path).toBe(path.join(dir, 'thumbs', '256', `${wide.hash}.webp`));
    expect(await sharp(a!.data).metadata()).toMatchObject({
      format: 'webp',
      width: 256,
      height: 144,
    });
    expect(await readFile(a!.path)).toEqual(a!.data);

    const b = await thumbs.get(tall.hash, 128);
    expect(await sharp(b!.data).metadata()).toMatchObject({ width: 64, height: 128 });
    const c = await thumbs.get(wide.hash, 512);
    expect(await sharp(c!.data).metadata()).toMatchObject({ width: 512, height: 288 });
    expect((await readdir(path.join(dir, 'thumbs'))).sort()).toEqual(['128', '256', '512']);
    // Nothing but the thumbnails themselves: no temporary files left behind.
    expect(await readdir(path.join(dir, 'thumbs', '256'))).toEqual([`${wide.hash}.webp`]);
  });

  it('does not enlarge an image smaller than the size', async () => {
    const small = await blobs.put(await png(90, 60));
    const t = await thumbs.get(small.hash, 512);
    expect(await sharp(t!.data).metadata()).toMatchObject({ width: 90, height: 60 });
  });

  it('makes a thumbnail once, then serves it from the cache (even from a new store)', async () => {
    const img = await blobs.put(await png(800, 600));
    const first = await thumbs.get(img.hash, 256);
    const second = await thumbs.get(img.hash, 256);
    expect(thumbs.generated).toBe(1);
    expect(second!.data).toEqual(first!.data);

    const reopened = new ThumbnailStore(path.join(dir, 'thumbs'), blobs);
    expect((await reopened.get(img.hash, 256))!.data).toEqual(first!.data);
    expect(reopened.generated).toBe(0);
  });

  it('generates once when the same thumbnail is asked for many times at once', async () => {
    const img = await blobs.put(await png(2000, 1000));
    const all = await Promise.all(Array.from({ length: 8 }, () => thumbs.get(img.hash, 128)));
    expect(thumbs.generated).toBe(1);
    for (const t of all) expect(t!.data).toEqual(all[0]!.data);
    // A different size is a different thumbnail.
    await thumbs.get(img.hash, 256);
    expect(thumbs.generated).toBe(2);
  });

  it('makes many different thumbnails with a concurrency of one', async () => {
    const one = new ThumbnailStore(path.join(dir, 'thumbs-1'), blobs, { concurrency: 1 });
    const stored = await Promise.all([1, 2, 3, 4, 5].map((i) => png(300 + i, 200, i * 40)));
    const hashes = await Promise.all(stored.map(async (b) => (await blobs.put(b)).hash));
    const made = await Promise.all(hashes.map((h) => one.get(h, 128)));
    expect(made.every((t) => t !== null)).toBe(true);
    expect(one.generated).toBe(5);
  });

  it('answers null for a blob that is not stored, and caches nothing', async () => {
    expect(await thumbs.get('0'.repeat(64), 256)).toBeNull();
    await expect(readdir(path.join(dir, 'thumbs'))).rejects.toThrow();
  });

  it('refuses other sizes and anything but a content hash', async () => {
    const img = await blobs.put(await png(100, 100));
    for (const size of [64, 100, 2048, 0, -128, 256.5, Number.NaN, '256' as never])
      expect(() => thumbs.get(img.hash, size)).toThrow(ThumbnailRequestError);
    for (const hash of ['../../etc/passwd', img.hash.toUpperCase(), `${img.hash}0`, ''])
      expect(() => thumbs.get(hash, 256)).toThrow(ThumbnailRequestError);
  });

  it('says when the stored file is not an image, and caches nothing', async () => {
    const text = await blobs.put(new TextEncoder().encode('<script>alert(1)</script>'));
    await expect(thumbs.get(text.hash, 256)).rejects.toThrow(NotAnImageError);
    await expect(readdir(path.join(dir, 'thumbs', '256'))).rejects.toThrow();
    // A failed job is not kept: asking again tries again.
    await expect(thumbs.get(text.hash, 256)).rejects.toThrow(NotAnImageError);
  });

  it('makes a cached file that is not a whole WebP again', async () => {
    const img = await blobs.put(await png(640, 480));
    const good = await thumbs.get(img.hash, 256);
    await writeFile(good!.path, good!.data.subarray(0, 20)); // cut short
    const again = await thumbs.get(img.hash, 256);
    expect(again!.data).toEqual(good!.data);
    expect(await readFile(good!.path)).toEqual(good!.data);
    expect(thumbs.generated).toBe(2);
  });
});

describe('ThumbnailStore cache bound', () => {
  const exists = (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );

  /** Three stored images and the sizes of their 256 px thumbnails. */
  async function three(): Promise<{ hashes: string[]; bytes: number[] }> {
    const hashes: string[] = [];
    for (const [i, [w, h]] of [
      [700, 500],
      [640, 640],
      [500, 800],
    ].entries())
      hashes.push((await blobs.put(await png(w!, h!, 30 + i * 80))).hash);
    // Sizes measured in a cache of their own (the default cap: nothing evicted).
    const measure = new ThumbnailStore(path.join(dir, 'measure'), blobs);
    const bytes = await Promise.all(
      hashes.map(async (h) => (await measure.get(h, 256))!.data.length),
    );
    return { hashes, bytes };
  }

  it('over the cap, evicts the least recently used thumbnail; a used one survives; evicted ones come back the same', async () => {
    const { hashes, bytes } = await three();
    const [a, b, c] = hashes as [string, string, string];
    const [sa, sb, sc] = bytes as [number, number, number];
    // Room for any two of them, not for all three.
    const maxBytes = Math.max(sa + sb, sa + sc, sb + sc);
    expect(maxBytes).toBeLessThan(sa + sb + sc);
    const capped = new ThumbnailStore(path.join(dir, 'capped'), blobs, { maxBytes });

    const ta = (await capped.get(a, 256))!;
    const tb = (await capped.get(b, 256))!;
    await capped.get(a, 256); // a is used again: b is now the least recently used
    expect(capped.generated).toBe(2);
    const tc = (await capped.get(c, 256))!;

    expect(capped.evicted).toBe(1);
    expect(await exists(tb.path)).toBe(false);
    expect(await exists(ta.path)).toBe(true);
    expect(await exists(tc.path)).toBe(true);
    expect(await capped.cachedBytes()).toBe(sa + sc);
    expect(await capped.cachedBytes()).toBeLessThanOrEqual(maxBytes);
    // The blobs are never touched.
    for (const h of hashes) expect(await blobs.has(h)).toBe(true);

    // The evicted thumbnail is made again, byte for byte; now a (least recent) goes.
    const again = (await capped.get(b, 256))!;
    expect(capped.generated).toBe(4);
    expect(again.data).toEqual(tb.data);
    expect(await readFile(tb.path)).toEqual(tb.data);
    expect(await exists(ta.path)).toBe(false);
    expect(await exists(tc.path)).toBe(true);
    const remade = (await capped.get(a, 256))!;
    expect(remade.data).toEqual(ta.data);
    // Only thumbnails are in the cache folder: no temporary files left behind.
    expect((await readdir(path.join(dir, 'capped', '256'))).every((n) => n.endsWith('.webp'))).toBe(
      true,
    );
  });

  it('keeps the use order across a restart: the file times of the cache', async () => {
    const { hashes, bytes } = await three();
    const [a, b, c] = hashes as [string, string, string];
    const [sa, sb, sc] = bytes as [number, number, number];
    const root = path.join(dir, 'restart');
    const first = new ThumbnailStore(root, blobs);
    const ta = (await first.get(a, 256))!;
    const tb = (await first.get(b, 256))!;
    // Made long ago; then a is used (a hit sets its time to now).
    const old = new Date(Date.now() - 3_600_000);
    await utimes(ta.path, old, old);
    await utimes(tb.path, new Date(old.getTime() + 1000), new Date(old.getTime() + 1000));
    await first.get(a, 256);
    expect((await stat(ta.path)).mtimeMs).toBeGreaterThan((await stat(tb.path)).mtimeMs);

    // A new store (the app started again) with room for two: c pushes b out, not a.
    const second = new ThumbnailStore(root, blobs, {
      maxBytes: Math.max(sa + sb, sa + sc, sb + sc),
    });
    expect(await second.cachedBytes()).toBe(sa + sb);
    await second.get(c, 256);
    expect(second.evicted).toBe(1);
    expect(await exists(tb.path)).toBe(false);
    expect(await exists(ta.path)).toBe(true);
  });

  it('keeps a thumbnail bigger than the whole cap (it is what was asked for), then evicts it first', async () => {
    const { hashes } = await three();
    const tiny = new ThumbnailStore(path.join(dir, 'tiny'), blobs, { maxBytes: 1 });
    const t0 = (await tiny.get(hashes[0]!, 256))!;
    expect(await exists(t0.path)).toBe(true);
    const t1 = (await tiny.get(hashes[1]!, 256))!;
    expect(await exists(t0.path)).toBe(false);
    expect(await exists(t1.path)).toBe(true);
    expect(tiny.evicted).toBe(1);
  });
});
