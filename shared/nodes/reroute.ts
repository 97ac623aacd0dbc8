import type { GraphDocument } from '../graph/document';
import { REROUTE_NODE } from './builtins';
import { canConnect } from './ports';
import type { NodeRegistry } from './registry';
import type { PortType } from './spec';

/**
 * A reroute's ports are typed `any` in its spec; in a document they carry the type
 * of what is wired into them. These resolve that type along chains of reroutes, for
 * the wiring checks (canvas and `validateGraph`) alike.
 */

type Doc = Pick<GraphDocument, 'nodes' | 'edges'>;

/**
 * The type an output carries in this document: its port's type, or for a reroute the
 * type of what feeds it (followed through chains); `any` for a reroute fed by nothing.
 * Undefined when the node or port does not exist.
 */
export function resolvedOutputType(
  doc: Doc,
  registry: Pick<NodeRegistry, 'get'>,
  nodeId: string,
  handle: string | null,
): PortType | undefined {
  const seen = new Set<string>();
  let id = nodeId;
  let port = handle;
  for (;;) {
    const node = doc.nodes.find((n) => n.id === id);
    if (!node) return undefined;
    const out = registry.get(node.type)?.outputs.find((p) => p.id === port);
    if (!out) return undefined;
    if (node.type !== REROUTE_NODE) return out.type;
    if (seen.has(id)) return 'any';
    seen.add(id);
    const feed = doc.edges.find((e) => e.target === id);
    if (!feed) return 'any';
    id = feed.source;
    port = feed.sourceHandle;
  }
}

/**
 * The concrete input types a reroute's output ends at (through further reroutes):
 * whatever is wired into the reroute must suit every one of them.
 */
export function rerouteDestinationTypes(
  doc: Doc,
  registry: Pick<NodeRegistry, 'get'>,
  rerouteId: string,
): PortType[] {
  const types: PortType[] = [];
  const seen = new Set<string>();
  const stack = [rerouteId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of doc.edges.filter((e) => e.source === id)) {
      const target = doc.nodes.find((n) => n.id === edge.target);
      if (!target) continue;
      if (target.type === REROUTE_NODE) stack.push(target.id);
      else {
        const input = registry.get(target.type)?.inputs.find((p) => p.id === edge.targetHandle);
        if (input) types.push(input.type);
      }
    }
  }
  return types;
}

/**
 * Whether a wire carrying `from` may end at `edge`'s input, reroutes included: into a
 * reroute, `from` must suit everything the reroute already feeds.
 */
export function canConnectInDocument(
  doc: Doc,
  registry: Pick<NodeRegistry, 'get'>,
  from: PortType,
  edge: { target: string },
  inputType: PortType,
): boolean {
  const target = doc.nodes.find((n) => n.id === edge.target);
  if (target?.type !== REROUTE_NODE) return canConnect(from, inputType);
  return rerouteDestinationTypes(doc, registry, target.id).every((t) => canConnect(from, t));
}
