import { nodeName } from '../nodes/nodeName';
import { resolvedOutputType } from '../nodes/reroute';
import type { PortType } from '../nodes/spec';
import { FLAT_ID_SEPARATOR, joinWires } from '../plan/flattenComponents';
import type { NodeRegistry } from '../nodes/registry';
import { componentIdOf, componentNodeType } from './components';
import { COMPONENT_INPUTS, COMPONENT_OUTPUTS, MAX_NODE_TITLE } from './document';
import type {
  ComponentDefinition,
  ComponentPort,
  GraphDocument,
  GraphEdge,
  GraphNode,
} from './document';
import { edgeId, nodeId } from './ids';
import type { NodeId } from './ids';

/**
 * Making a component from selected nodes, as a pure function of the document: the
 * nodes move into a new definition and one instance takes their place, with an input
 * for each outside output that fed them and an output for each of their outputs that
 * fed the rest. The edges keep their ids and their order, so the graph runs exactly as
 * before (flattenComponents gives back the same requests).
 */

export interface MakeComponentOptions {
  componentId: string;
  instanceId: NodeId;
  /** The component's name; default "Component". */
  name?: string;
  /** Knows the document's component types (nested components). */
  registry: NodeRegistry;
}

export interface MadeComponent {
  doc: GraphDocument;
  definition: ComponentDefinition;
}

/** A component port has a concrete type: a reroute fed by nothing counts as images. */
const concreteType = (t: PortType | undefined): ComponentPort['type'] =>
  t === undefined || t === 'any' ? 'image' : t;

export function makeComponent(
  doc: GraphDocument,
  selected: readonly string[],
  options: MakeComponentOptions,
): MadeComponent | undefined {
  const inside = new Set(selected.filter((id) => doc.nodes.some((n) => n.id === id)));
  if (inside.size === 0) return undefined;
  const { registry } = options;
  const byId = new Map(doc.nodes.map((n) => [n.id as string, n]));
  const portOf = (node: GraphNode | undefined, handle: string, side: 'inputs' | 'outputs') =>
    node ? registry.get(node.type)?.[side].find((p) => p.id === handle) : undefined;

  const inputs: ComponentPort[] = [];
  const outputs: ComponentPort[] = [];
  const inputKey = new Map<string, string>();
  const outputKey = new Map<string, string>();
  const labels = new Set<string>();
  /** A port's label: the inner port's, made unique with the inner node's name. */
  const label = (base: string, node: GraphNode | undefined, prefix: string): string => {
    let text = base;
    if (labels.has(`${prefix}${text}`)) text = `${base} (${nodeName(node, registry)})`;
    for (let n = 2; labels.has(`${prefix}${text}`); n++) text = `${base} ${n}`;
    labels.add(`${prefix}${text}`);
    return text.slice(0, MAX_NODE_TITLE);
  };

  const defEdges: GraphEdge[] = [];
  const outerEdges: GraphEdge[] = [];
  for (const e of doc.edges) {
    const from = inside.has(e.source);
    const to = inside.has(e.target);
    if (from && to) defEdges.push(e);
    else if (to) {
      const target = byId.get(e.target);
      const port = portOf(target, e.targetHandle, 'inputs');
      // A reroute's port takes any type: the port carries what the wire brings in.
      const type = concreteType(
        port?.type === 'any'
          ? resolvedOutputType(doc, registry, e.source, e.sourceHandle)
          : port?.type,
      );
      const key = `${e.source}\u0000${e.sourceHandle}\u0000${type}`;
      let id = inputKey.get(key);
      if (id === undefined) {
        id = `in${inputs.length + 1}`;
        inputKey.set(key, id);
        inputs.push({ id, label: label(port?.label ?? e.targetHandle, target, 'in:'), type });
        outerEdges.push({ ...e, target: options.instanceId, targetHandle: id });
      }
      defEdges.push({ ...e, source: nodeId(COMPONENT_INPUTS), sourceHandle: id });
    } else if (from) {
      const source = byId.get(e.source);
      const key = `${e.source}\u0000${e.sourceHandle}`;
      let id = outputKey.get(key);
      if (id === undefined) {
        id = `out${outputs.length + 1}`;
        outputKey.set(key, id);
        const port = portOf(source, e.sourceHandle, 'outputs');
        const base = source?.title ?? port?.label ?? e.sourceHandle;
        outputs.push({
          id,
          label: label(base, source, 'out:'),
          type: concreteType(
            resolvedOutputType(doc, registry, e.source, e.sourceHandle) ?? port?.type,
          ),
        });
        defEdges.push({ ...e, target: nodeId(COMPONENT_OUTPUTS), targetHandle: id });
      }
      outerEdges.push({ ...e, source: options.instanceId, sourceHandle: id });
    } else outerEdges.push(e);
  }

  const nodes = doc.nodes.filter((n) => inside.has(n.id));
  const definition: ComponentDefinition = {
    name: options.name ?? 'Component',
    nodes,
    edges: defEdges,
    inputs,
    outputs,
  };
  const x = Math.min(...nodes.map((n) => n.position.x));
  const y = nodes.reduce((sum, n) => sum + n.position.y, 0) / nodes.length;
  const instance: GraphNode = {
    id: options.instanceId,
    type: componentNodeType(options.componentId),
    params: {},
    position: { x, y: Math.round(y) },
  };
  return {
    definition,
    doc: {
      ...doc,
      nodes: [...doc.nodes.filter((n) => !inside.has(n.id)), instance],
      edges: outerEdges,
      components: { ...doc.components, [options.componentId]: definition },
    },
  };
}

/**
 * The inverse: an instance replaced by the nodes inside its component, placed where
 * the instance was, with the wires across the boundary joined again. Inner ids are
 * kept where free (`fresh` makes the others). The definition stays: other instances
 * may use it.
 */
export function unpackComponent(
  doc: GraphDocument,
  instanceId: string,
  fresh: (kind: 'node' | 'edge', taken: Set<string>) => string,
): { doc: GraphDocument; nodeIds: NodeId[] } | undefined {
  const instance = doc.nodes.find((n) => n.id === instanceId);
  const compId = instance ? componentIdOf(instance.type) : undefined;
  const def = compId !== undefined ? doc.components?.[compId] : undefined;
  if (!instance || !def) return undefined;
  const taken = new Set<string>([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
  const ids = new Map<string, NodeId>();
  for (const n of def.nodes) {
    const id = taken.has(n.id) ? fresh('node', taken) : n.id;
    taken.add(id);
    ids.set(n.id, nodeId(id));
  }
  const minX = Math.min(...def.nodes.map((n) => n.position.x));
  const minY = Math.min(...def.nodes.map((n) => n.position.y));
  const nodes = def.nodes.map((n) => ({
    ...n,
    id: ids.get(n.id)!,
    position: {
      x: instance.position.x + n.position.x - minX,
      y: instance.position.y + n.position.y - minY,
    },
  }));
  const inner = def.edges.map((e) => ({
    ...e,
    source: ids.get(e.source) ?? e.source,
    target: ids.get(e.target) ?? e.target,
  }));
  const joined = joinWires(doc.edges, new Map([[instance.id as string, { nodes, edges: inner }]]));
  const edgeIds = new Set<string>();
  const edges = joined.map((e) => {
    const keep = !edgeIds.has(e.id) && (!taken.has(e.id) || doc.edges.some((o) => o.id === e.id));
    const id = keep && !e.id.includes(FLAT_ID_SEPARATOR) ? e.id : fresh('edge', taken);
    edgeIds.add(id);
    return id === e.id ? e : { ...e, id: edgeId(id) };
  });
  return {
    doc: {
      ...doc,
      nodes: [...doc.nodes.filter((n) => n.id !== instanceId), ...nodes],
      edges,
    },
    nodeIds: nodes.map((n) => n.id),
  };
}
