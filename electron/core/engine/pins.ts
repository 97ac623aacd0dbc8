import type { GraphNode } from '../../../shared/graph/document';
import type { NodeSpec } from '../../../shared/nodes/spec';
import type { NodeEvent, OutputImage } from '../../../shared/run/events';
import type { BlobStore } from '../storage/blobStore';
import { NodeStop } from './services';
import type { ImageRef, NodeOutputs } from './values';

export { isPinned } from '../../../shared/plan/runPlan';

/** What running a pinned node gives: its outputs, images, their provenance, its event. */
export interface PinnedRun {
  outputs: NodeOutputs;
  images: OutputImage[];
  provenance: { provider: string; endpoint: string; requestId: string };
  event: Partial<NodeEvent>;
}

/**
 * A pinned model node, run without sending anything: its pinned images from the
 * local store, as state 'cached' with the message 'pinned'.
 */
export async function runPinned(
  node: GraphNode,
  spec: NodeSpec,
  blobs: BlobStore,
): Promise<PinnedRun> {
  const pin = node.pinned!;
  return {
    outputs: await pinnedOutputs(pin.images, blobs),
    images: pin.images,
    provenance: {
      provider: spec.model!.provider,
      endpoint: spec.model!.endpoint,
      requestId: pin.requestId ?? '',
    },
    event: {
      message: 'pinned',
      images: pin.images,
      ...(pin.requestId ? { requestId: pin.requestId } : {}),
    },
  };
}

/**
 * The outputs of a pinned node: its images from the local store. A pinned image no
 * longer in the store fails the node; it is never silently re-run (and paid for).
 */
async function pinnedOutputs(
  images: readonly OutputImage[],
  blobs: BlobStore,
): Promise<NodeOutputs> {
  for (const img of images) {
    if (!(await blobs.has(img.hash))) {
      throw new NodeStop(
        'failed',
        `the pinned output (image ${img.hash.slice(0, 12)}) is no longer in the image store; nothing was sent — unpin the node to run it again`,
      );
    }
  }
  const refs: ImageRef[] = images.map((blob) => ({ key: blob.hash, blob }));
  return {
    images: { kind: 'images', images: refs },
    image: { kind: 'images', images: refs.slice(0, 1) },
  };
}
