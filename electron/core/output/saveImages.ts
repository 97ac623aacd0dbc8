import path from 'node:path';
import type { OutputImage } from '../../../shared/run/events';
import { PNG_PROVENANCE_KEY, PNG_WORKFLOW_KEY, writePngText } from '../../../shared/png/pngText';
import type { WorkflowFile } from '../../../shared/workflow/format';
import { serializeWorkflow } from '../../../shared/workflow/format';
import type { BlobStore } from '../storage/blobStore';
import { writeFileAtomic } from '../storage/atomicWrite';
import { writeNumberedFile } from './numberedFile';

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

/** An image's bytes as saved: PNGs with the workflow and provenance inside. */
async function savedBytes(
  blobs: BlobStore,
  image: OutputImage,
  workflow: WorkflowFile,
  provenance: Provenance,
): Promise<{ bytes: Uint8Array; ext: string }> {
  let bytes = await blobs.get(image.hash);
  if (image.mimeType === 'image/png') {
    bytes = writePngText(bytes, {
      [PNG_WORKFLOW_KEY]: serializeWorkflow(workflow),
      [PNG_PROVENANCE_KEY]: JSON.stringify(provenance),
    });
  }
  return { bytes, ext: EXTENSIONS[image.mimeType] ?? '.bin' };
}

/**
 * Saves an output image under a given name (history export). PNGs carry the
 * workflow and their provenance in iTXt chunks (UTF-8, so any prompt survives),
 * which lets a dropped image reopen its graph; other formats are saved as the
 * provider made them.
 */
export async function saveOutputImage(
  blobs: BlobStore,
  image: OutputImage,
  target: { dir: string; baseName: string },
  workflow: WorkflowFile,
  provenance: Provenance,
): Promise<string> {
  const { bytes, ext } = await savedBytes(blobs, image, workflow, provenance);
  const file = path.join(target.dir, `${target.baseName}${ext}`);
  await writeFileAtomic(file, bytes);
  return file;
}

/**
 * Saves an output image into the output folder as `<prefix>_<NNNNN>.<ext>`, the
 * next free number of that prefix (never over an existing file): what a
 * Preview/Save node does in the app, the web host and the CLI alike.
 */
export async function saveNumberedImage(
  blobs: BlobStore,
  image: OutputImage,
  target: { dir: string; prefix: string },
  workflow: WorkflowFile,
  provenance: Provenance,
): Promise<string> {
  const { bytes, ext } = await savedBytes(blobs, image, workflow, provenance);
  return writeNumberedFile(target.dir, safeFileName(target.prefix), ext, bytes);
}

/** The default output folder's name, beside the workflow file (or in the workspace). */
export const OUTPUT_FOLDER_NAME = 'nodeloom-output';

/** A Preview/Save node's file name prefix, or `fallback` when it has none. */
export function outputPrefix(params: Readonly<Record<string, unknown>>, fallback: string): string {
  const prefix = params['filename_prefix'];
  return typeof prefix === 'string' && prefix.trim() !== '' ? prefix.trim() : fallback;
}

/**
 * The prefix of one instance of an expanded run: `<prefix>_c01_v02`, so a folder sorts
 * by combination, then variant (then the file number). Both are padded to the widths
 * the run needs (at least 2 digits), so c10 sorts after c09.
 */
export function instancePrefix(
  prefix: string,
  label: { combination: number; variant: number },
  widths: { combination: number; variant: number },
): string {
  const pad = (n: number, w: number): string => String(n).padStart(Math.max(2, w), '0');
  return `${prefix}_c${pad(label.combination, widths.combination)}_v${pad(label.variant, widths.variant)}`;
}

/** The digit widths of a node's instance numbers in a run (for `instancePrefix`). */
export function instanceWidths(labels: Iterable<{ combination: number; variant: number }>): {
  combination: number;
  variant: number;
} {
  let combination = 1;
  let variant = 1;
  for (const l of labels) {
    combination = Math.max(combination, String(l.combination).length);
    variant = Math.max(variant, String(l.variant).length);
  }
  return { combination, variant };
}

/**
 * The file name prefix of one node's images in a run: its own prefix (or `fallback`),
 * and for an instance of an expanded run its combination and variant. The app's saver
 * and the CLI both name files with it.
 */
export function imagePrefix(
  params: Readonly<Record<string, unknown>>,
  fallback: string,
  label: { nodeId: string; combination: number; variant: number } | undefined,
  labels: Readonly<Record<string, { nodeId: string; combination: number; variant: number }>>,
): string {
  const base = outputPrefix(params, fallback);
  if (!label) return base;
  const siblings = Object.values(labels).filter((l) => l.nodeId === label.nodeId);
  return instancePrefix(base, label, instanceWidths(siblings));
}

/** Whether a Preview/Save node saves what it receives ("Save to output folder"). */
export const savesOutputs = (params: Readonly<Record<string, unknown>>): boolean =>
  params['save'] !== false;
