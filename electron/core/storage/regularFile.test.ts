import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileReadError, readRegularFile } from './regularFile';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-regular-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const read = (file: string, maxBytes = 1024) =>
  readRegularFile(file, { what: 'image file', maxBytes });

describe('readRegularFile', () => {
  it('returns exactly the bytes of a regular file, small or spanning several chunks', async () => {
    const small = path.join(dir, 'small.bin');
    await writeFile(small, 'hello');
    expect((await read(small)).toString()).toBe('hello');
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    big[big.length - 1] = 9;
    await writeFile(path.join(dir, 'big.bin'), big);
    expect((await read(path.join(dir, 'big.bin'), big.length)).equals(big)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a named pipe at once, without waiting for a writer',
    async () => {
      const fifo = path.join(dir, 'pipe.png');
      execFileSync('mkfifo', [fifo]);
      const error = await read(fifo).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileReadError);
      expect(error).toMatchObject({
        reason: 'not-a-file',
        message: `${fifo} is a named pipe, not a regular file`,
      });
    },
  );

  it.skipIf(!existsSync('/dev/zero'))('refuses a device (/dev/zero never ends)', async () => {
    await expect(read('/dev/zero')).rejects.toMatchObject({
      reason: 'not-a-file',
      message: '/dev/zero is a device, not a regular file',
    });
  });

  it('refuses a folder, a missing file and a file over the limit, naming the file', async () => {
    const folder = path.join(dir, 'folder.png');
    await mkdir(folder);
    await expect(read(folder)).rejects.toMatchObject({ reason: 'not-a-file' });
    await expect(read(path.join(dir, 'gone.png'))).rejects.toMatchObject({
      reason: 'missing',
      message: `${path.join(dir, 'gone.png')}: image file not found`,
    });
    const large = path.join(dir, 'large.png');
    await writeFile(large, '');
    await truncate(large, 2 * 1024 * 1024); // sparse: nothing large is written
    await expect(
      readRegularFile(large, {
        what: 'image file',
        maxBytes: 1024 * 1024,
        tooLargeFor: 'to embed',
        tooLargeAdvice: 'keep it as a file',
      }),
    ).rejects.toMatchObject({
      reason: 'too-large',
      message: `${large} is too large to embed (2.0 MiB; the limit is 1.0 MiB): keep it as a file`,
    });
  });
});
