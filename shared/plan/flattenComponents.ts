import { componentIdOf } from '../graph/components';
import { COMPONENT_INPUTS, COMPONENT_OUTPUTS } from '../graph/document';
import type { Components, GraphDocument, GraphEdge, GraphNode } from '../graph/document';
import { edgeId, nodeId } from '../graph/ids';
import type { NodeId } from '../graph/ids';
import { nodeName } from '../nodes/nodeName';
import type { NodeRegistry } from '../nodes/registry';

/**
 * Components are nested: a component may hold instances of others, down to this
 * depth. Deeper (or a component that holds itself) is refused with a message on the
 * instance, since it would never end.
 */
export const MAX_COMPONENT_DEPTH = 8;

/** Where a node of the flattened graph came from. */
export interface FlatOrigin {
  /** The instance on the workflow's own canvas that holds it. */
  instanceId: NodeId;
  /** The names of the components it sits in, outermost first. */
  components: string[];
  /** The inner node's own name. */
  innerName: string;
}

/** An instance that could not be flattened: it stays in the graph, and this says why. */
export interface FlattenProblem {
  nodeId: NodeId;
  message: string;
}

export interface FlatGraph {
  /** The graph with every instance replaced by its nodes (no `components`). */
  graph: GraphDocument;
  /** Flattened node ids (`<instance>/<inner>`) -> where each came from. */
  origins: ReadonlyMap<string, FlatOrigin>;
  problems: FlattenProblem[];
}

/** The separator of flattened ids: `<instanceId>/<innerId>`, stable across runs for journal and cache. */
export const FLAT_ID_SEPARATOR = '/';

export const hasInstances = (doc: Pick<GraphDocument, 'nodes'>): boolean =>
  doc.nodes.some((n) => componentIdOf(n.type) !== undefined);

interface Frame {
  components: string[];
  /** The component ids this level sits in: one of them again would never end. */
  ids: string[];
  depth: number;
  instanceId: NodeId | undefined;
}

/**
 * The graph the engine runs: every component instance replaced, recursively, by
 * the nodes inside it with ids `<instanceId>/<innerId>` (deterministic, so journal
 * entries and cache keys are the same run after run) and titles naming the
 * component ("Upscale › Nano Banana Pro"). The wires that crossed the boundary are
 * joined end to end, and the order of wires into each list input is kept, so a
 * component sends exactly the requests its nodes would send unpacked. Pure.
 */
export function flattenComponents(doc: GraphDocument, registry: NodeRegistry): FlatGraph {
  if (!hasInstances(doc)) {
    const { components: _c, ...graph } = doc;
    return { graph: doc.components ? graph : doc, origins: new Map(), problems: [] };
  }
  const origins = new Map<string, FlatOrigin>();
  const problems: FlattenProblem[] = [];
  const defs = doc.components ?? {};
  const taken = new Set<string>(doc.nodes.map((n) => n.id));

  const level = (
    nodes: readonly GraphNode[],
    edges: readonly GraphEdge[],
    frame: Frame,
  ): { nodes: GraphNode[]; edges: GraphEdge[] } => {
    /** For each instance at this level: its inner nodes and edges, and its boundary. */
    const expanded = new Map<string, Expansion>();
    const outNodes: GraphNode[] = [];
    for (const node of nodes) {
      const compId = componentIdOf(node.type);
      const def = compId !== undefined && Object.hasOwn(defs, compId) ? defs[compId] : undefined;
      const instanceId = frame.instanceId ?? node.id;
      // An instance of an undefined component stays: validation names it.
      if (compId === undefined || !def) {
        outNodes.push(node);
        continue;
      }
      if (frame.depth >= MAX_COMPONENT_DEPTH || frame.ids.includes(compId)) {
        outNodes.push(node);
        problems.push({
          nodeId: instanceId,
          message: `components nest more than ${MAX_COMPONENT_DEPTH} deep or hold themselves ("${[...frame.components, def.name].join(' › ')}")`,
        });
        continue;
      }
      const prefix = `${node.id}${FLAT_ID_SEPARATOR}`;
      const names = [...frame.components, node.title ?? def.name];
      const inner = level(def.nodes, def.edges, {
        components: names,
        ids: [...frame.ids, compId],
        depth: frame.depth + 1,
        instanceId,
      });
      const rename = (id: string): NodeId => nodeId(`${prefix}${id}`);
      const innerNodes = inner.nodes.map((n) => {
        const id = rename(n.id);
        // Only whole ids can collide with the workflow's own nodes.
        if (frame.instanceId === undefined) {
          if (taken.has(id))
            problems.push({
              nodeId: instanceId,
              message: `a node inside "${def.name}" would take the id "${id}", which another node has`,
            });
          taken.add(id);
        }
        // A node of a nested component was named by the level below.
        const own = origins.get(n.id);
        origins.delete(n.id);
        const where = own?.components ?? names;
        const innerName = own?.innerName ?? nodeName(n, registry);
        origins.set(id, { instanceId, components: where, innerName });
        // A bypassed or muted instance: every node inside it takes its mode (one it has
        // of its own stays), so the node-modes transform treats the inside alike.
        const mode = n.mode ?? node.mode;
        return {
          ...n,
          id,
          title: `${where.join(' › ')} › ${innerName}`,
          ...(mode ? { mode } : {}),
        } as GraphNode;
      });
      expanded.set(node.id, {
        nodes: innerNodes,
        edges: inner.edges.map((e) => ({
          ...e,
          id: edgeId(`${prefix}${e.id}`),
          source: e.source === COMPONENT_INPUTS ? e.source : rename(e.source),
          target: e.target === COMPONENT_OUTPUTS ? e.target : rename(e.target),
        })),
      });
      outNodes.push(...innerNodes);
    }
    return { nodes: outNodes, edges: joinWires(edges, expanded) };
  };

  const top = level(doc.nodes, doc.edges, {
    components: [],
    ids: [],
    depth: 0,
    instanceId: undefined,
  });
  const { components: _c, ...rest } = doc;
  return { graph: { ...rest, nodes: top.nodes, edges: top.edges }, origins, problems };
}

interface Expansion {
  nodes: GraphNode[];
  /** Inner edges, the boundary ones still ending at COMPONENT_INPUTS / COMPONENT_OUTPUTS. */
  edges: GraphEdge[];
}

/**
 * Joins the wires of one level across its instances' boundaries. Wires into an
 * instance continue along its input's inner edges (at their place inside, in their
 * order); wires out of one start from what feeds its output. An input nothing feeds
 * leaves its inner ports unconnected, as they would be unpacked.
 */
export function joinWires(
  edges: readonly GraphEdge[],
  expanded: ReadonlyMap<string, Expansion>,
): GraphEdge[] {
  if (expanded.size === 0) return [...edges];
  /** Where a wire from (node, handle) really starts, following instance outputs inward. */
  const origin = (
    source: string,
    handle: string,
    depth = 0,
  ): { source: string; handle: string }[] => {
    const inner = expanded.get(source);
    if (!inner || depth > MAX_COMPONENT_DEPTH) return [{ source, handle }];
    const feeds = inner.edges.filter(
      (e) => e.target === COMPONENT_OUTPUTS && e.targetHandle === handle,
    );
    return feeds.flatMap((e) =>
      e.source === COMPONENT_INPUTS
        ? // An output fed straight by an input of the same component.
          edges
            .filter((o) => o.target === source && o.targetHandle === e.sourceHandle)
            .flatMap((o) => origin(o.source, o.sourceHandle, depth + 1))
        : [{ source: e.source, handle: e.sourceHandle }],
    );
  };
  const out: GraphEdge[] = [];
  for (const e of edges) {
    if (expanded.has(e.target)) continue; // continued inside the instance, below
    origin(e.source, e.sourceHandle).forEach((o, i) =>
      out.push({
        ...e,
        id: i === 0 ? e.id : edgeId(`${e.id}${FLAT_ID_SEPARATOR}${i}`),
        source: nodeId(o.source),
        sourceHandle: o.handle,
      }),
    );
  }
  for (const [instance, inner] of expanded) {
    for (const e of inner.edges) {
      if (e.target === COMPONENT_OUTPUTS) continue; // joined where the output is used
      if (e.source !== COMPONENT_INPUTS) {
        out.push(e);
        continue;
      }
      const into = edges.filter((o) => o.target === instance && o.targetHandle === e.sourceHandle);
      for (const o of into)
        for (const [i, from] of origin(o.source, o.sourceHandle).entries())
          out.push({
            ...e,
            id: edgeId(
              `${e.id}${FLAT_ID_SEPARATOR}${o.id}${i === 0 ? '' : `${FLAT_ID_SEPARATOR}${i}`}`,
            ),
            source: nodeId(from.source),
            sourceHandle: from.handle,
          });
    }
  }
  return out;
}

/** The node on the workflow's own canvas that shows a flattened node (itself, or its instance). */
export function canvasNodeOf(
  doc: Pick<GraphDocument, 'nodes'>,
  flatId: string,
): NodeId | undefined {
  if (doc.nodes.some((n) => n.id === flatId)) return nodeId(flatId);
  const cut = flatId.indexOf(FLAT_ID_SEPARATOR);
  if (cut <= 0) return undefined;
  const owner = flatId.slice(0, cut);
  return doc.nodes.some((n) => n.id === owner) ? nodeId(owner) : undefined;
}

export type { Components };
