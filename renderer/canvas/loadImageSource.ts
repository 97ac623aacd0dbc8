import { MAX_EMBEDDED_IMAGE_BYTES } from '../../shared/nodes/builtins';
import type { CallOutput, HostClient } from '../host/hostTypes';
import { base64, IMAGE_TYPES } from '../host/imageFiles';

/**
 * What a Load Image picker does with files the user hands it (Browse, drop,
 * paste): the first image among them is written beside the workflow by the host
 * (images.upload) and named by the source it returns. Kept apart from the component
 * so the rules are tested without a DOM.
 */

export type Inspection = CallOutput<'images.inspect'>;

/** How an embedded (data:) source is shown: never as its base64 text. */
export const embeddedLabel = (size: { width: number; height: number } | null): string =>
  size ? `Embedded image (${size.width}×${size.height})` : 'Embedded image';

/** The first image among dropped or pasted files, or null. */
export function firstImage(
  files: Iterable<File> | ArrayLike<File> | null | undefined,
): File | null {
  if (!files) return null;
  for (const file of Array.from(files)) if (IMAGE_TYPES.has(file.type)) return file;
  return null;
}

const MIB = 1024 * 1024;

/**
 * Sends one image to the host to be written under `inputs/` beside the workflow; the
 * new source, or a message for the node. The size limit is checked here first so a
 * 300 MB file is not read into memory just to be refused.
 */
export async function uploadImage(
  host: HostClient,
  file: File,
  workflowPath: string | null,
): Promise<{ ok: true; source: string } | { ok: false; message: string }> {
  if (!IMAGE_TYPES.has(file.type)) {
    return { ok: false, message: `${file.name} is not a PNG, JPEG, WebP or GIF image` };
  }
  if (file.size > MAX_EMBEDDED_IMAGE_BYTES) {
    return {
      ok: false,
      message: `${file.name} is over ${MAX_EMBEDDED_IMAGE_BYTES / MIB} MB: copy it beside the workflow and type its path`,
    };
  }
  try {
    const data = base64(new Uint8Array(await file.arrayBuffer()));
    const name = file.name || `pasted.${file.type.slice('image/'.length)}`;
    const { source } = await host.call('images.upload', {
      ...(workflowPath ? { workflowPath } : {}),
      name,
      base64: data,
    });
    return { ok: true, source };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Milliseconds of quiet typing before a file source is checked with the host. */
export const INSPECT_DELAY_MS = 300;
