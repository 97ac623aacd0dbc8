import type { GraphDocument, GraphNode } from '../../../shared/graph/document';
import type { NodeId } from '../../../shared/graph/ids';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { ExecutionPlan } from '../../../shared/plan/planExecution';
import type { NodeSpec } from '../../../shared/nodes/spec';
import type { NodeEvent, OutputImage } from '../../../shared/run/events';
import type { BlobStore } from '../storage/blobStore';
import { NodeStop } from './services';
import type { ImageRef, NodeOutputs } from './values';

/** A model node whose output is pinned: the engine reuses it and sends nothing. */
export const isPinned = (node: GraphNode | undefined, registry: NodeRegistry): boolean =>
  Boolean(node?.pinned && registry.get(node.type)?.model);

/**
 * The plan without what only pinned nodes need: a pinned node waits for nothing,
 * and an ancestor that feeds nothing but pinned nodes is not run (nor paid for).
 */
export function withoutPinnedInputs(
  plan: ExecutionPlan,
  doc: GraphDocument,
  registry: NodeRegistry,
  targets: readonly string[] = [],
): ExecutionPlan {
  const nodes = new Map(doc.nodes.map((n) => [n.id as string, n]));
  const pinned = new Set<string>(plan.order.filter((id) => isPinned(nodes.get(id), registry)));
  if (pinned.size === 0) return plan;
  const needed = new Set<string>();
  for (const deps of Object.values(plan.dependencies)) for (const d of deps) needed.add(d);
  const stack: NodeId[] = [
    ...plan.order.filter((id) => !needed.has(id)),
    ...(targets.filter((t) => t in plan.dependencies) as NodeId[]),
  ];
  const keep = new Set<NodeId>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    if (!pinned.has(id)) stack.push(...(plan.dependencies[id] ?? []));
  }
  const order = plan.order.filter((id) => keep.has(id));
  const dependencies = {} as Record<NodeId, NodeId[]>;
  for (const id of order) dependencies[id] = pinned.has(id) ? [] : plan.dependencies[id]!;
  const levels = plan.levels.map((l) => l.filter((id) => keep.has(id))).filter((l) => l.length);
  return { order, dependencies, levels };
}

/** The nodes of `order` that are not pinned: what a run may pay for. */
export function unpinned(
  order: readonly NodeId[],
  doc: GraphDocument,
  registry: NodeRegistry,
): NodeId[] {
  const nodes = new Map(doc.nodes.map((n) => [n.id as string, n]));
  return order.filter((id) => !isPinned(nodes.get(id), registry));
}

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
    outputs: await pinnedOutputs(node.id, pin.images, blobs),
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
  nodeId: string,
  images: readonly OutputImage[],
  blobs: BlobStore,
): Promise<NodeOutputs> {
  for (const img of images) {
    if (!(await blobs.has(img.hash))) {
      throw new NodeStop(
        'failed',
        `the pinned output of "${nodeId}" (image ${img.hash.slice(0, 12)}) is no longer in the image store; nothing was sent — unpin the node to run it again`,
      );
    }
  }
  const refs: ImageRef[] = images.map((blob) => ({ key: blob.hash, blob }));
  return {
    images: { kind: 'images', images: refs },
    image: { kind: 'images', images: refs.slice(0, 1) },
  };
}
