import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../storage/blobStore';
import { runLoadImage } from './localNodes';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-local-nodes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

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
