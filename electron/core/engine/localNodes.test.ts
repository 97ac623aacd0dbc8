import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../storage/blobStore';
import { loadImageKey, runLoadImage } from './localNodes';

let dir: string;
let png: Buffer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-load-image-'));
  png = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#204060' } })
    .png()
    .toBuffer();
  await writeFile(path.join(dir, 'ref.png'), png);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const keyOf = (outputs: Awaited<ReturnType<typeof loadImageKey>>): string | undefined => {
  const image = outputs['image'];
  return image?.kind === 'images' ? image.images[0]?.key : undefined;
};

describe('Load Image keys', () => {
  it.each([
    ['a local file', () => 'ref.png'],
    ['an https URL', () => 'https://example.com/cat.png'],
    ['an embedded image', () => `data:image/png;base64,${png.toString('base64')}`],
  ])('the cache probe keys %s as the run does', async (kind, source) => {
    const params = { source: source() };
    const probed = keyOf(await loadImageKey(params, dir));
    const blobs = new BlobStore(path.join(dir, `blobs of ${kind}`));
    expect(probed).toBeDefined();
    expect(probed).toBe(keyOf(await runLoadImage(params, dir, blobs)));
  });
});

describe('runLoadImage', () => {
  it.skipIf(process.platform === 'win32')(
    'fails at once on a named pipe as its source instead of blocking the file-I/O threads',
    async () => {
      execFileSync('mkfifo', [path.join(dir, 'photo.png')]);
      const blobs = new BlobStore(path.join(dir, 'blobs'));
      // Four at once: with readFile each held one of libuv's four threads for good.
      const loads = Array.from({ length: 4 }, () =>
        runLoadImage({ source: 'photo.png' }, dir, blobs).catch((e: unknown) => e),
      );
      for (const error of await Promise.all(loads)) {
        expect(error).toMatchObject({
          message: `${path.join(dir, 'photo.png')} is a named pipe, not a regular file`,
        });
      }
    },
  );
});
