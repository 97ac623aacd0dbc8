import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectBlobs } from './blobCollection';
import { BlobStore } from './blobStore';

let dir: string;
let blobs: BlobStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-gc-'));
  blobs = new BlobStore(path.join(dir, 'blobs'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
async function storeOld(text: string): Promise<string> {
  const { hash, path: file } = await blobs.put(new TextEncoder().encode(text));
  await utimes(file, old, old);
  return hash;
}

describe('collecting unused images', () => {
  it('removes what nothing keeps, and keeps what is named or young', async () => {
    const kept = await storeOld('kept');
    const gone = await storeOld('gone');
    const young = (await blobs.put(new TextEncoder().encode('young'))).hash;
    const report = await collectBlobs({
      blobs,
      resultsDir: path.join(dir, 'results'),
      keep: new Set([kept]),
      dryRun: false,
    });
    expect(report).toMatchObject({ images: 1, kept: 2 });
    await expect(stat(blobs.pathOf(gone))).rejects.toThrow();
    expect(await blobs.has(kept)).toBe(true);
    expect(await blobs.has(young)).toBe(true);
  });

  it('stops before removing anything once a run has started', async () => {
    const a = await storeOld('a');
    const b = await storeOld('b');
    await expect(
      collectBlobs({
        blobs,
        resultsDir: path.join(dir, 'results'),
        keep: new Set(),
        dryRun: false,
        stillQuiet: () => false,
      }),
    ).rejects.toThrow(/A run started/);
    expect(await blobs.has(a)).toBe(true);
    expect(await blobs.has(b)).toBe(true);
  });
});
