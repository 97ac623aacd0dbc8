import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FsPromises from 'node:fs/promises';

// Counts folder fsyncs: every open() of the folder is one.
const opened: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    open: (async (file: string, ...rest: unknown[]) => {
      opened.push(String(file));
      return (fs.open as (...a: unknown[]) => ReturnType<typeof fs.open>)(file, ...rest);
    }) as typeof fs.open,
  };
});
const { syncDir } = await import('./atomicWrite');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-syncdir-'));
  opened.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('syncDir group commit', () => {
  it('twenty calls at once share two folder fsyncs: the running one and one after it', async () => {
    await Promise.all(Array.from({ length: 20 }, () => syncDir(dir)));
    expect(opened.filter((f) => f === dir)).toHaveLength(2);
  });

  it('a call after the others finished gets an fsync of its own', async () => {
    await syncDir(dir);
    await syncDir(dir);
    expect(opened.filter((f) => f === dir)).toHaveLength(2);
  });

  it('each folder has its own fsyncs', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'nodeloom-syncdir-'));
    try {
      await Promise.all([syncDir(dir), syncDir(other), syncDir(dir)]);
      expect(opened.filter((f) => f === other)).toHaveLength(1);
      expect(opened.filter((f) => f === dir)).toHaveLength(2);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
