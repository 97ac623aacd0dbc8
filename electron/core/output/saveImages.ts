import path from 'node:path';
import type { OutputImage } from '../../../shared/run/events';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, writePngText } from '../../../shared/png/pngText';
import type { WorkflowFile } from '../../../shared/workflow/format';
import { serializeWorkflow } from '../../../shared/workflow/format';
import type { BlobStore } from '../storage/blobStore';
import { writeFileAtomic } from '../storage/atomicWrite';

/** Where an image came from, written into the PNG beside the workflow. */
export interface Provenance {
  nodeId: string;
  provider?: string;
  endpoint?: string;
  requestId?: string;
  seed?: number;
  costUsd?: number;
  createdAt: string;
}

/**
 * A name that stays one plain file in the output folder on every platform: path
 * separators, `..`, control and reserved characters become `-`, and it is capped
 * at 200 characters.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f<>:"/\\|?*]/g, '-')
    .replace(/\.{2,}/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 200);
  return cleaned === '' ? 'image' : cleaned;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
};

/**
 * Saves an output image. PNGs carry the workflow and their provenance in iTXt
 * chunks (UTF-8, so any prompt survives), which lets a dropped image reopen its
 * graph; other formats are saved as the provider made them.
 */
export async function saveOutputImage(
  blobs: BlobStore,
  image: OutputImage,
  target: { dir: string; baseName: string },
  workflow: WorkflowFile,
  provenance: Provenance,
): Promise<string> {
  let bytes = await blobs.get(image.hash);
  if (image.mimeType === 'image/png') {
    bytes = writePngText(bytes, {
      [PNG_WORKFLOW_KEY]: serializeWorkflow(workflow),
      [PNG_PROVENANCE_KEY]: JSON.stringify(provenance),
    });
  }
  const file = path.join(target.dir, `${target.baseName}${EXTENSIONS[image.mimeType] ?? '.bin'}`);
  await writeFileAtomic(file, bytes);
  return file;
}
