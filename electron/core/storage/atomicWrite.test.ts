import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Counts folder flushes: a folder is opened read-only only to fsync it.
const folderOpens = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    open: (file: string, flags?: string, mode?: number) => {
      if (flags === 'r') folderOpens.count++;
      return real.open(file, flags, mode);
    },
  };
});

const { syncDir, writeFileAtomic } = await import('./atomicWrite');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-atomic-'));
  folderOpens.count = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('a hundred files written into one folder at once share its flushes (two, not a hundred)', async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        writeFileAtomic(path.join(dir, `r${i}.json`), `{"i":${i}}`),
      ),
    );
    expect(await readdir(dir)).toHaveLength(100);
    expect(await readFile(path.join(dir, 'r42.json'), 'utf8')).toBe('{"i":42}');
    expect(folderOpens.count).toBeGreaterThanOrEqual(1);
    expect(folderOpens.count).toBeLessThanOrEqual(2);
  });

  it('creates a missing folder with the mode asked for, and leaves no temporary file', async () => {
    const target = path.join(dir, 'a', 'b', 'result.json');
    await writeFileAtomic(target, 'x', { mode: 0o600, dirMode: 0o700 });
    expect(await readFile(target, 'utf8')).toBe('x');
    expect((await stat(path.join(dir, 'a', 'b'))).mode & 0o777).toBe(0o700);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.join(dir, 'a', 'b'))).toEqual(['result.json']);
  });
});

describe('syncDir', () => {
  it('a caller arriving while a flush runs gets a later flush, never the running one', async () => {
    const first = syncDir(dir);
    const second = syncDir(dir);
    const third = syncDir(dir);
    expect(second).toBe(third);
    expect(second).not.toBe(first);
    await Promise.all([first, second, third]);
    expect(folderOpens.count).toBe(2);
    // Once idle, the next caller starts its own flush at once.
    await syncDir(dir);
    expect(folderOpens.count).toBe(3);
  });
});
