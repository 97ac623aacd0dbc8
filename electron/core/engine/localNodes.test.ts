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
