import path from 'node:path';
import type { ParamValue } from '../../../shared/graph/document';
import { MAX_LOAD_IMAGE_BYTES } from '../../../shared/nodes/builtins';
import { imageSourceKind } from '../../../shared/nodes/imageSource';
import { sha256 } from '../storage/blobStore';
import type { BlobStore } from '../storage/blobStore';
import { readRegularFile } from '../storage/regularFile';
import { decodeDataUri } from './imageInfo';
import { storeImage } from './download';
import type { ImageRef, NodeInputs, NodeOutputs } from './values';

export function runPrompt(params: Record<string, ParamValue>): NodeOutputs {
  return { text: { kind: 'text', text: String(params['text'] ?? '') } };
}

/** A Load Image's image before it is stored: a URL to pass on, or bytes (and a name). */
type LoadedImage =
  { kind: 'url'; url: string } | { kind: 'bytes'; bytes: Uint8Array; name: string };

/**
 * Reads what a Load Image names: a local file (relative to the workflow's folder),
 * an https URL (passed on for the provider to fetch) or an embedded data URI.
 */
async function readLoadImage(
  params: Record<string, ParamValue>,
  baseDir: string,
): Promise<LoadedImage & { what: string }> {
  const source = String(params['source'] ?? '').trim();
  const kind = imageSourceKind(source);
  if (kind === 'url') return { kind: 'url', url: source, what: source };
  if (kind === 'data') {
    const data = decodeDataUri(source);
    if (!data) throw new Error('the embedded image is not a valid data URI');
    return { kind: 'bytes', bytes: data.bytes, name: 'embedded image', what: 'the embedded image' };
  }
  const file = path.resolve(baseDir, source);
  // One reader for every image file: a regular file within the size limit, never a
  // FIFO or a device that would hold a file-I/O thread.
  const bytes = await readRegularFile(file, {
    what: 'image file',
    maxBytes: MAX_LOAD_IMAGE_BYTES,
    tooLargeFor: 'for any provider',
    tooLargeAdvice: 'resize or compress it',
  });
  return { kind: 'bytes', bytes, name: path.basename(file), what: file };
}

/** The cache identity of an image: its content hash, or a hash of its URL when we only have that. */
const imageKey = (image: LoadedImage): string =>
  image.kind === 'url' ? `url:${sha256(image.url)}` : sha256(image.bytes);

/** A Load Image node: the image, stored locally unless it is a URL. */
export async function runLoadImage(
  params: Record<string, ParamValue>,
  baseDir: string,
  blobs: BlobStore,
): Promise<NodeOutputs> {
  const image = await readLoadImage(params, baseDir);
  let ref: ImageRef;
  if (image.kind === 'url') {
    ref = { key: imageKey(image), url: image.url, name: image.url.split('/').pop() };
  } else {
    const blob = await storeImage(blobs, image.bytes, image.what);
    ref = { key: blob.hash, blob, name: image.name };
  }
  return { image: { kind: 'images', images: [ref] } };
}

/** What a Load Image node will give, by key only, without storing anything (the cache probe). */
export async function loadImageKey(
  params: Record<string, ParamValue>,
  baseDir: string,
): Promise<NodeOutputs> {
  const key = imageKey(await readLoadImage(params, baseDir));
  return { image: { kind: 'images', images: [{ key }] } };
}

/** Preview / Save passes its images through; the host shows and saves them. */
export function runPreview(inputs: NodeInputs): NodeOutputs {
  return { images: { kind: 'images', images: inputs.images['images'] ?? [] } };
}
