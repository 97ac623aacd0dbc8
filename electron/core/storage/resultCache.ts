import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { OutputImageSchema } from '../../../shared/run/events';
import { writePrivateFile } from './privateFiles';
import type { BlobStore } from './blobStore';

export const CachedResultSchema = z.object({
  key: z.string(),
  provider: z.string(),
  endpoint: z.string(),
  requestId: z.string(),
  images: z.array(
    OutputImageSchema.extend({
      /** The provider's URL and when we received it: reused while fresh. */
      url: z.string().optional(),
      receivedAt: z.number().optional(),
    }),
  ),
  costUsd: z.number().optional(),
  seed: z.number().optional(),
  createdAt: z.number(),
});
export type CachedResult = z.infer<typeof CachedResultSchema>;

/**
 * Results of model nodes by cache key (a hash of everything that determines the
 * request). A hit means the node is never sent again: it was paid for once.
 */
export class ResultCache {
  constructor(
    readonly root: string,
    private readonly blobs: BlobStore,
  ) {}

  private file(key: string): string {
    return path.join(this.root, `${key}.json`);
  }

  /** The stored result, or undefined when absent, unreadable or missing its images. */
  async get(key: string): Promise<CachedResult | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    let parsed: ReturnType<typeof CachedResultSchema.safeParse>;
    try {
      parsed = CachedResultSchema.safeParse(JSON.parse(raw));
    } catch {
      return undefined;
    }
    if (!parsed.success) return undefined;
    for (const image of parsed.data.images) {
      if (!(await this.blobs.has(image.hash))) return undefined;
    }
    return parsed.data;
  }

  async put(result: CachedResult): Promise<void> {
    await writePrivateFile(this.file(result.key), JSON.stringify(result));
  }
}
