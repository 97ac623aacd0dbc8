import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../storage/blobStore';
import { NotAnImageError } from '../storage/thumbnails';
import { readStoredImage } from './storedImages';
import type { StoredImageSource } from './storedImages';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-stored-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function source(
  files: Buffer[],
  thumbnail: StoredImageSource['thumbnail'] = async () => null,
): Promise<StoredImageSource> {
  for (const data of files) await writeFile(path.join(dir, sha256(data)), data);
  return { blobPath: (hash) => path.join(dir, hash), thumbnail };
}

describe('readStoredImage (what both transports serve)', () => {
  it('serves a stored image with its type, an ETag, immutable caching and nosniff', async () => {
    const image = await readStoredImage(await source([PNG]), sha256(PNG));
    expect(image).toEqual({
      ok: true,
      data: PNG,
      headers: {
        'Content-Type': 'image/png',
        'Content-Length': String(PNG.length),
        'Cache-Control': 'private, max-age=31536000, immutable',
        ETag: `"${sha256(PNG)}"`,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  it('refuses what is not an image, a missing blob and a malformed hash', async () => {
    const page = Buffer.from('<!doctype html><script>alert(1)</script>');
    const src = await source([page]);
    expect(await readStoredImage(src, sha256(page))).toMatchObject({ ok: false, status: 415 });
    expect(await readStoredImage(src, '0'.repeat(64))).toMatchObject({ ok: false, status: 404 });
    for (const hash of ['../../etc/passwd', sha256(PNG).toUpperCase(), ''])
      expect(await readStoredImage(src, hash)).toMatchObject({ ok: false, status: 404 });
  });

  it('reads only regular files: a folder where a blob should be is an error naming no path', async () => {
    const hash = 'f'.repeat(64);
    await mkdir(path.join(dir, hash));
    const image = await readStoredImage(await source([]), hash);
    expect(image).toEqual({
      ok: false,
      status: 500,
      message: 'the stored image could not be read',
    });
  });

  it('serves thumbnails at the contract sizes only, with their own ETag', async () => {
    const webp = Buffer.from('RIFF\x04\x00\x00\x00WEBP', 'latin1');
    const src = await source([], async () => ({ data: webp, type: 'image/webp' }) as never);
    const hash = sha256(PNG);
    expect(await readStoredImage(src, hash, 128)).toMatchObject({
      ok: true,
      headers: { 'Content-Type': 'image/webp', ETag: `"${hash}-128"` },
    });
    for (const size of [0, 100, 2048, Number.NaN])
      expect(await readStoredImage(src, hash, size)).toMatchObject({
        ok: false,
        status: 400,
        message: 'size must be one of 128, 256, 512, 1024',
      });
  });

  it('answers 415 for a blob that cannot be decoded and 500 when making the thumbnail failed', async () => {
    const hash = sha256(PNG);
    const notImage = await source([], async () => {
      throw new NotAnImageError('no');
    });
    expect(await readStoredImage(notImage, hash, 256)).toMatchObject({ status: 415 });
    const broken = await source([], async () => {
      throw new Error('disk full at /secret/path');
    });
    expect(await readStoredImage(broken, hash, 256)).toEqual({
      ok: false,
      status: 500,
      message: 'the thumbnail could not be made',
    });
  });
});
