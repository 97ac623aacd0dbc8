import type { GraphDocument, ParamValue } from '../../../shared/graph/document';
import { resolveParams } from '../../../shared/nodes/params';
import type { NodeRegistry } from '../../../shared/nodes/registry';
import type { OutputImage } from '../../../shared/run/events';
import type { NodeRecord } from './historyStore';

/**
 * A model's params as sent: defaults filled in, each wired prompt's text
 * (`textOf(source node)`) in place of its field; undefined for a node that is not a model.
 */
export function paramsAsSent(
  graph: GraphDocument,
  registry: NodeRegistry,
  nodeId: string,
  textOf: (sourceNodeId: string) => string | undefined,
): Record<string, ParamValue> | undefined {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const spec = node ? registry.get(node.type) : undefined;
  if (!node || !spec?.model) return undefined;
  const params = resolveParams(spec, node.params);
  for (const port of spec.inputs) {
    if (!port.param) continue;
    const edge = graph.edges.find((ed) => ed.target === nodeId && ed.targetHandle === port.id);
    const text = edge ? textOf(edge.source) : undefined;
    if (text !== undefined) params[port.param] = text;
  }
  return params;
}

/** The run's output images for the gallery: what its model nodes made, once each. */
export function runImages(nodes: readonly NodeRecord[]): OutputImage[] {
  const seen = new Set<string>();
  const out: OutputImage[] = [];
  for (const n of nodes) {
    if (!n.provider) continue;
    for (const img of n.images) {
      if (seen.has(img.hash)) continue;
      seen.add(img.hash);
      out.push(img);
    }
  }
  return out;
}
