import type { GraphDocument, GraphEdge } from '../../../shared/graph/document';
import type { NodeId } from '../../../shared/graph/ids';
import type { OutputImage } from '../../../shared/run/events';

/** An image flowing along an edge. */
export interface ImageRef {
  /** Identity for cache keys: the content hash, or `url:<sha256 of the URL>` for remote-only images. */
  key: string;
  /** The bytes in the local store, when we have them. */
  blob?: OutputImage;
  /** A URL a provider can fetch: a provider's output URL, or an https Load Image. */
  url?: string;
  /** When a provider's output URL was received; undefined for a URL the user gave. */
  urlReceivedAt?: number;
  name?: string;
}

export type PortValue = { kind: 'text'; text: string } | { kind: 'images'; images: ImageRef[] };

/** A node's outputs by port id. */
export type NodeOutputs = Record<string, PortValue>;

export interface NodeInputs {
  texts: Record<string, string>;
  images: Record<string, ImageRef[]>;
}

/** Collects a node's inputs from its upstream outputs, in edge order. */
export function gatherInputs(
  nodeId: NodeId,
  incoming: readonly GraphEdge[],
  outputs: ReadonlyMap<NodeId, NodeOutputs>,
): NodeInputs {
  const inputs: NodeInputs = { texts: {}, images: {} };
  for (const edge of incoming) {
    if (edge.target !== nodeId) continue;
    const value = outputs.get(edge.source)?.[edge.sourceHandle];
    if (!value) continue;
    if (value.kind === 'text') inputs.texts[edge.targetHandle] ??= value.text;
    else (inputs.images[edge.targetHandle] ??= []).push(...value.images);
  }
  return inputs;
}

/** Edges by target node, keeping document order (the order of image lists). */
export function incomingEdges(doc: GraphDocument): Map<NodeId, GraphEdge[]> {
  const map = new Map<NodeId, GraphEdge[]>();
  for (const e of doc.edges) {
    const list = map.get(e.target);
    if (list) list.push(e);
    else map.set(e.target, [e]);
  }
  return map;
}
