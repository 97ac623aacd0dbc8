import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from './blobStore';

export interface BlobCollection {
  dryRun: boolean;
  images: number;
  bytes: number;
  cachedResults: number;
  kept: number;
}

/** Images this young are never collected: a run may have stored them before recording them. */
export const MIN_BLOB_AGE_MS = 60 * 60 * 1000;

const HASH = /^[a-f0-9]{64}$/;

/**
 * Removes the blobs `keep` does not name (or, as a dry run, counts them), and the
 * cached results that name a removed blob (a cache hit needs its images: without
 * them those nodes would be sent, and billed, again; the report says how many).
 * Blobs younger than `minAgeMs` stay whatever `keep` says.
 */
export async function collectBlobs(options: {
  blobs: BlobStore;
  resultsDir: string;
  keep: ReadonlySet<string>;
  dryRun: boolean;
  now?: number;
  minAgeMs?: number;
  /**
   * Asked before each removal: false (a run has started, which may be about to use an
   * image no record names yet) stops the collection where it is.
   */
  stillQuiet?: () => boolean;
}): Promise<BlobCollection> {
  const { blobs, keep, dryRun, now = Date.now(), minAgeMs = MIN_BLOB_AGE_MS } = options;
  const report: BlobCollection = { dryRun, images: 0, bytes: 0, cachedResults: 0, kept: 0 };
  const removed = new Set<string>();
  for (const prefix of await namesIn(blobs.root)) {
    for (const hash of await namesIn(path.join(blobs.root, prefix))) {
      if (!HASH.test(hash) || hash.slice(0, 2) !== prefix) continue;
      const file = blobs.pathOf(hash);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) continue;
      if (keep.has(hash) || now - info.mtimeMs < minAgeMs) {
        report.kept += 1;
        continue;
      }
      if (!dryRun) {
        if (options.stillQuiet && !options.stillQuiet())
          throw new Error(
            `A run started: stopped freeing disk space after ${report.images} images; nothing it may use was removed.`,
          );
        await unlink(file).catch(() => undefined);
      }
      removed.add(hash);
      report.images += 1;
      report.bytes += info.size;
    }
  }
  if (removed.size > 0) {
    for (const name of await namesIn(options.resultsDir)) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(options.resultsDir, name);
      const text = await readFile(file, 'utf8').catch(() => '');
      const hashes = text.match(/[a-f0-9]{64}/g) ?? [];
      if (!hashes.some((h) => removed.has(h))) continue;
      report.cachedResults += 1;
      if (!dryRun) await unlink(file).catch(() => undefined);
    }
  }
  return report;
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
