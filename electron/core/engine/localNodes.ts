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

/**
 * A Load Image node: a local file (relative to the workflow's folder) is read into
 * the store; an https URL is passed on for the provider to fetch; an embedded data
 * URI is decoded.
 */
export async function runLoadImage(
  params: Record<string, ParamValue>,
  baseDir: string,
  blobs: BlobStore,
): Promise<NodeOutputs> {
  const source = String(params['source'] ?? '').trim();
  const kind = imageSourceKind(source);
  let ref: ImageRef;
  if (kind === 'url') {
    ref = { key: `url:${sha256(source)}`, url: source, name: source.split('/').pop() };
  } else if (kind === 'data') {
    const data = decodeDataUri(source);
    if (!data) throw new Error('the embedded image is not a valid data URI');
    const blob = await storeImage(blobs, data.bytes, 'the embedded image');
    ref = { key: blob.hash, blob, name: 'embedded image' };
  } else {
    const file = path.resolve(baseDir, source);
    const bytes = await readRegularFile(file, {
      what: 'image file',
      maxBytes: MAX_LOAD_IMAGE_BYTES,
      tooLargeFor: 'for any provider',
      tooLargeAdvice: 'resize or compress it',
    });
    const blob = await storeImage(blobs, bytes, file);
    ref = { key: blob.hash, blob, name: path.basename(file) };
  }
  return { image: { kind: 'images', images: [ref] } };
}

/** Preview / Save passes its images through; the host shows and saves them. */
export function runPreview(inputs: NodeInputs): NodeOutputs {
  return { images: { kind: 'images', images: inputs.images['images'] ?? [] } };
}
