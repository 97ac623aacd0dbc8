import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from './privateFiles';
import { readRegularFile } from './regularFile';

export interface StoredBlob {
  hash: string;
  path: string;
  bytes: number;
}

/** Far above any image a provider returns or accepts; bounds what one read takes. */
export const MAX_STORED_IMAGE_BYTES = 256 * 1024 * 1024;

export const sha256 = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex');

/**
 * Content-addressed files: the name is the sha256 of the bytes, so a file is
 * written once however many nodes or runs produce it, and never changes.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(hash: string): string {
    if (!/^[a-f0-9]{64}$/.test(hash)) throw new Error(`not a content hash: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash);
  }

  async put(data: Uint8Array): Promise<StoredBlob> {
    const hash = sha256(data);
    const file = this.pathOf(hash);
    if (!(await this.has(hash))) await writePrivateFile(file, data);
    return { hash, path: file, bytes: data.byteLength };
  }

  async has(hash: string): Promise<boolean> {
    try {
      await access(this.pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  async get(hash: string): Promise<Uint8Array> {
    const bytes = await readRegularFile(this.pathOf(hash), {
      what: 'stored image',
      maxBytes: MAX_STORED_IMAGE_BYTES,
    });
    return new Uint8Array(bytes);
  }
}
