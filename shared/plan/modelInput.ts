import type { GraphDocument, GraphEdge, ParamValue } from '../graph/document';
import type { NodeId } from '../graph/ids';
import { resolveParams } from '../nodes/params';
import type { NodeSpec } from '../nodes/spec';

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

/**
 * A model's input as the provider's schema names it, without the images: the
 * params with their defaults, and the texts wired into ports that stand in for a
 * param (a Prompt into `prompt`). The engine builds what it sends with this, and
 * the preflight what it shows, so the two cannot differ.
 */
export function modelInput(
  spec: NodeSpec,
  params: Readonly<Record<string, ParamValue>>,
  texts: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...resolveParams(spec, params) };
  for (const port of spec.inputs) {
    if (port.param && texts[port.id] !== undefined) input[port.param] = texts[port.id];
  }
  return input;
}
