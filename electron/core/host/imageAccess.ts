import path from 'node:path';
import { MAX_EMBEDDED_IMAGE_BYTES } from '../../../shared/nodes/builtins';
import { imageSourceKind } from '../../../shared/nodes/imageSource';
import { readImageInfo } from '../engine/imageInfo';
import { readRegularFile } from '../storage/regularFile';
import { containsReal, isInside, realpathOfExisting } from './allowedRoots';
import type { AllowedRoots } from './allowedRoots';

/**
 * The trimmed path of a Load Image source that names a file, or undefined for '',
 * an https URL or a data: URI: the engine's own rule (imageSourceKind), so anything
 * it would read as a file is checked as one.
 */
export function fileSource(source: string): string | undefined {
  return imageSourceKind(source) === 'file' ? source.trim() : undefined;
}

/**
 * The folder a workflow's Load Image paths are relative to: the workflow file's,
 * or the workspace while it is unsaved. Throws the user-facing message when the
 * workflow path itself is not allowed.
 */
export async function imageFolder(roots: AllowedRoots, workflowPath?: string): Promise<string> {
  if (workflowPath === undefined) return roots.workspaceDir;
  return path.dirname(await roots.resolve(workflowPath));
}

/** A file source located for one workflow. */
export interface ImageFile {
  /** The absolute path as written, resolved against the workflow's folder. */
  abs: string;
  /**
   * What the user is shown: the path as written, or where a link inside the
   * folder really leads (its written path would look harmless).
   */
  shown: string;
  /** In the workflow's folder tree (after links), or a file the user allowed. */
  readable: boolean;
}

/**
 * The one check of whether a workflow may read a Load Image file (images.outside,
 * images.embed and run.start all use it): only its own folder tree and the files
 * the user allowed, not the workspace as a whole. Undefined for non-file sources.
 */
export async function locateImage(
  roots: AllowedRoots,
  folder: string,
  source: string,
): Promise<ImageFile | undefined> {
  const s = fileSource(source);
  if (s === undefined) return undefined;
  const abs = path.resolve(folder, s);
  if (await containsReal(folder, abs)) return { abs, shown: abs, readable: true };
  const shown = isInside(folder, abs) ? await realpathOfExisting(abs) : abs;
  return { abs, shown, readable: await roots.fileAllowed(abs) };
}

/**
 * Reads an image file as a data URI, or throws a message naming the file: missing,
 * not a regular file, over `maxBytes`, or not a PNG, JPEG, WebP or GIF by its bytes.
 */
export async function readImageDataUri(
  file: string,
  maxBytes = MAX_EMBEDDED_IMAGE_BYTES,
): Promise<string> {
  const bytes = await readRegularFile(file, {
    what: 'image file',
    maxBytes,
    tooLargeFor: 'to embed',
    tooLargeAdvice: 'keep it as a file next to the workflow',
  });
  const image = readImageInfo(bytes);
  if (!image) throw new Error(`${file} is not a PNG, JPEG, WebP or GIF image`);
  return `data:${image.mimeType};base64,${bytes.toString('base64')}`;
}
